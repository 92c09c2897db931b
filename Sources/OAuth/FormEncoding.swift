// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// `application/x-www-form-urlencoded` bodies and query strings (OAuth 2.1 draft-13 §4.1.1,
/// §3.2.2, Appendix B): every byte outside RFC 3986's unreserved set is percent-encoded, so a
/// value can never smuggle a `&`, `=` or `#` into another parameter.
enum FormEncoding {
    static func encode(_ parameters: [(String, String)]) -> String {
        parameters.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for byte in text.utf8 {
            if PKCE.isUnreserved(byte) {
                out.append(byte)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
