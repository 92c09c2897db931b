// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Strict UTF-8 validation per RFC 3629 §4 (the encoding RFC 8259 §8.1 requires): rejects
/// overlong forms, UTF-16 surrogates encoded as UTF-8 (U+D800–U+DFFF), code points above
/// U+10FFFF and truncated sequences.
///
/// The JSON parser validates with the standard library on its fast path and uses this to name
/// the exact offending byte when that fails; the SSE parser uses it to check event data in
/// place, without making a `String` of it.
enum UTF8Validation {
    /// The offset of the first byte that starts or continues an invalid sequence in
    /// `bytes[from..<to]`, or nil if that range is valid UTF-8.
    static func firstInvalidOffset(in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        var index = from
        while index < to {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0  // no overlong 3-byte forms
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F  // no surrogates
            case 0xF0: length = 4; low = 0x90  // no overlong 4-byte forms
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F  // nothing above U+10FFFF
            default: return index  // 0x80–0xC1, 0xF5–0xFF never lead
            }
            for offset in 1..<length {
                let position = index + offset
                guard position < to else { return position }
                let byte = bytes[position]
                let (min, max) = offset == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= min, byte <= max else { return position }
            }
            index += length
        }
        return nil
    }
}
