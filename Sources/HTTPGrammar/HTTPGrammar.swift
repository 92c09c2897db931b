// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The byte classes of HTTP's grammar (RFC 9110 §5.5, §5.6, §11.2; RFC 5234 Appendix B.1), written
/// once for every parser and check of HTTP text: request headers mcp-warden sends, the callback
/// request the loopback listener reads, `WWW-Authenticate` challenges.
public enum HTTPGrammar {
    public static let tab: UInt8 = 0x09
    public static let lf: UInt8 = 0x0A
    public static let cr: UInt8 = 0x0D
    public static let space: UInt8 = 0x20

    /// `ALPHA` / `DIGIT` (RFC 5234 Appendix B.1).
    public static func isAlphanumeric(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        default: false
        }
    }

    /// `tchar` (RFC 9110 §5.6.2): the characters of a method, a header name, an auth scheme.
    public static func isTokenCharacter(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "!#$%&'*+-.^_`|~".utf8.contains(byte)
    }

    /// `token` (RFC 9110 §5.6.2): one or more `tchar`.
    public static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy(isTokenCharacter)
    }

    /// The characters of `token68` before its `=` padding (RFC 9110 §11.2).
    public static func isToken68Character(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || "-._~+/".utf8.contains(byte)
    }

    /// A field value mcp-warden may send (RFC 9110 §5.5): visible ASCII, space and tab, and
    /// obs-text (0x80–0xFF); never CR, LF, NUL or another control, so nothing can be smuggled
    /// into a request.
    public static func isFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { byte in byte == tab || (byte >= space && byte != 0x7F) }
    }

    /// `VCHAR` (RFC 5234): 0x21…0x7E.
    public static func isVisible(_ byte: UInt8) -> Bool {
        (0x21...0x7E).contains(byte)
    }

    /// `OWS` characters (RFC 9110 §5.6.3): space and horizontal tab.
    public static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab
    }

    /// `CTL` other than HTAB (RFC 5234 Appendix B.1).
    public static func isControl(_ byte: UInt8) -> Bool {
        (byte < space && byte != tab) || byte == 0x7F
    }

    /// Compares bytes with a lowercase ASCII literal, folding A–Z only (field names, RFC 9110 §5.1).
    public static func equalsIgnoringCase(_ bytes: ArraySlice<UInt8>, _ lowercase: String) -> Bool {
        bytes.elementsEqual(lowercase.utf8) { byte, expected in
            let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            return folded == expected
        }
    }
}
