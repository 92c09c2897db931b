/// Header field syntax checks (RFC 9110 §5.1 token, §5.5 field value), so that no caller can
/// smuggle CR/LF or NUL into a request.
public enum HeaderSyntax {
    private static let tokenPunctuation = Set("!#$%&'*+-.^_`|~".utf8)

    public static func isToken(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || tokenPunctuation.contains(byte)
        }
    }

    /// Visible ASCII, space and tab, and obs-text (0x80–0xFF); never CR, LF, NUL or other controls.
    public static func isFieldValue(_ value: String) -> Bool {
        value.utf8.allSatisfy { byte in byte == 0x09 || (byte >= 0x20 && byte != 0x7F) }
    }

    /// A name safe to show in an error message.
    static func printable(_ name: String) -> String {
        String(name.unicodeScalars.prefix(64).map { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F ? Character($0) : "?" })
    }
}
