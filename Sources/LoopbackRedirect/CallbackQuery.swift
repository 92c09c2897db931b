// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The decoded query of a callback request (or of an authorization endpoint, which the
/// authorization request extends): each parameter name once, with its value.
///
/// Decoding follows application/x-www-form-urlencoded (WHATWG URL §5.1, which OAuth 2.1
/// draft-13 §4.1.2 and RFC 6749 Appendix B use for the redirect query), made strict:
/// - `+` is a space and `%XX` a byte; a `%` not followed by two hex digits is an error;
/// - the decoded bytes of every name and value must be UTF-8 without control characters
///   (no parameter RFC 6749 defines may hold one: `state` and `code` are VSCHAR, `error` and
///   `error_description` NQSCHAR, `iss` a URL);
/// - a name that appears twice is an error (RFC 6749 §3.1: parameters "MUST NOT be included
///   more than once"), which also stops a second `state` or `code` from being smuggled in;
/// - empty `&&` segments are skipped, and a segment without `=` is a name with an empty value.
public struct CallbackQuery: Sendable, Equatable {
    private var values: [String: String]

    init(_ values: [String: String] = [:]) {
        self.values = values
    }

    /// The decoded value of `name`, or nil when it is absent.
    public subscript(name: String) -> String? { values[name] }

    /// Decodes the bytes after `?` (without the `?`); nil when they break a rule above.
    public static func decode(_ query: ArraySlice<UInt8>) -> CallbackQuery? {
        var values: [String: String] = [:]
        for segment in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let name: ArraySlice<UInt8>
            let value: ArraySlice<UInt8>
            if let equals = segment.firstIndex(of: UInt8(ascii: "=")) {
                name = segment[segment.startIndex..<equals]
                value = segment[(equals + 1)...]
            } else {
                name = segment
                value = []
            }
            guard let decodedName = decodeComponent(name),
                let decodedValue = decodeComponent(value),
                values.updateValue(decodedValue, forKey: decodedName) == nil
            else { return nil }
        }
        return CallbackQuery(values)
    }

    /// Undoes `+` and `%XX`, then requires UTF-8 without C0 controls or DEL.
    static func decodeComponent(_ bytes: ArraySlice<UInt8>) -> String? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "+"):
                decoded.append(0x20)
                index += 1
            case UInt8(ascii: "%"):
                guard bytes.endIndex - index >= 3,
                    let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2])
                else { return nil }
                decoded.append(high << 4 | low)
                index += 3
            default:
                decoded.append(byte)
                index += 1
            }
        }
        guard !decoded.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return nil }
        return String(validating: decoded, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
