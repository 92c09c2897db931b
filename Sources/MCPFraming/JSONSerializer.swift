// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Compact JSON output (RFC 8259) fit for one line of the MCP stdio transport.
///
/// - No insignificant whitespace; object members in stored order; numbers verbatim.
/// - Strings (RFC 8259 §7): `"` and `\` escaped, U+0000–U+001F written as `\b` `\f` `\n`
///   `\r` `\t` or `\u00xx` (lowercase hex); everything else, `/` and non-ASCII included,
///   as raw UTF-8.
/// - So the output never contains a 0x0A or 0x0D byte: the MCP stdio transport requires
///   that messages contain no embedded newlines.
/// - A `.number` whose literal is not valid RFC 8259 §6 grammar (only possible for a value
///   built in code) is written as `null` rather than emitting invalid JSON.
extension JSONValue {
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(64)
        JSONSerializer.write(self, into: &output)
        return output
    }
}

extension JSONObject {
    /// The object as compact JSON (see `JSONValue.serialized()`).
    public func serialized() -> [UInt8] {
        JSONValue.object(self).serialized()
    }
}

enum JSONSerializer {
    static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null:
            appendASCII("null", to: &output)
        case .bool(let flag):
            appendASCII(flag ? "true" : "false", to: &output)
        case .number(let literal):
            if JSONNumberGrammar.isValid(literal) {
                output.append(contentsOf: literal.utf8)
            } else {
                appendASCII("null", to: &output)
            }
        case .string(let string):
            writeString(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let object):
            output.append(UInt8(ascii: "{"))
            for (position, member) in object.members.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                writeString(member.key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(member.value, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            var runStart = 0
            for position in 0..<raw.count {
                let byte = raw[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                output.appendBytes(raw, from: runStart, to: position)
                appendEscape(for: byte, to: &output)
                runStart = position + 1
            }
            output.appendBytes(raw, from: runStart, to: raw.count)
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func appendEscape(for byte: UInt8, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): output.append(byte)
        case 0x08: output.append(UInt8(ascii: "b"))
        case 0x0C: output.append(UInt8(ascii: "f"))
        case 0x0A: output.append(UInt8(ascii: "n"))
        case 0x0D: output.append(UInt8(ascii: "r"))
        case 0x09: output.append(UInt8(ascii: "t"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            output.append(contentsOf: [
                UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]
            ])
        }
    }

    private static func appendASCII(_ text: StaticString, to output: inout [UInt8]) {
        output.appendBytes(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
