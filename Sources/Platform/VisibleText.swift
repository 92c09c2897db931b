// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The one sanitizer for text a server (or any outside party) controls before it reaches stderr,
/// `status` or a file (issue 13 item 6): server error messages, metadata fields, tool names, URLs.
///
/// - Line breaks and tabs become a space: a message stays on one line.
/// - Other C0 controls (ESC …), DEL, C1 controls (U+0080–U+009F: U+009B is a CSI some terminals obey like ESC [), format
///   characters (Cf: bidi overrides such as U+202E, zero-width characters, Unicode tags
///   U+E0000–E007F), private-use code points (Co), line/paragraph separators and unassigned
///   code points become `?`.
/// - The value of a URL query parameter whose name says it is a secret (`api_key=`, `token=`,
///   `access_token=`, `sig=`, `code=`, …) becomes `<redacted>`, wherever a URL stands in the text.
public enum VisibleText {
    public static func sanitized(_ text: String, limit: Int = Int.max) -> String {
        var visible = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\r" || scalar == "\t" {
                visible.append(" ")
            } else {
                visible.append(isHidden(scalar) ? "?" : scalar)
            }
        }
        // Redacted after the hidden characters became `?`: one of them standing before
        // `token=` reads as a query separator, so sanitizing twice changes nothing.
        let redacted = redactingQuerySecrets(String(visible))
        guard redacted.unicodeScalars.count > limit else { return redacted }
        return String(String.UnicodeScalarView(redacted.unicodeScalars.prefix(limit))) + "…"
    }

    /// True for a code point that a terminal may obey or a reader cannot see.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { return true }
        guard scalar.value >= 0xA0 else { return false }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse, .lineSeparator, .paragraphSeparator, .unassigned, .surrogate: return true
        default: return false
        }
    }

    /// Names of query parameters whose values are credentials, compared in lower case without
    /// `-` and `_` (`X-Api-Key`, `access_token`, `accessToken` …); also any name ending in one of
    /// `secretSuffixes`. Not `code_challenge`, `state` or `client_id`: an authorization URL that
    /// the user must open stays whole.
    static let secretNames: Set<String> = [
        "key", "apikey", "xapikey", "token", "accesstoken", "refreshtoken", "idtoken", "authtoken", "apitoken", "privatetoken",
        "auth", "authorization", "bearer", "secret", "clientsecret", "password", "passwd", "pwd", "pass", "sig", "signature",
        "code", "session", "sessionid", "sid", "jwt", "credential", "credentials", "otp", "subscriptionkey"
    ]
    static let secretSuffixes = ["token", "secret", "password", "apikey", "signature", "credential"]

    static func isSecretName(_ name: String) -> Bool {
        let normalized = String(name.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" })
        return secretNames.contains(normalized) || secretSuffixes.contains(where: { normalized.hasSuffix($0) })
    }

    /// The text with the value of every secret-looking query parameter replaced by `<redacted>`.
    public static func redactingQuerySecrets(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "=")) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            out.append(byte)
            index += 1
            guard byte == UInt8(ascii: "?") || byte == UInt8(ascii: "&") || byte == UInt8(ascii: ";") else { continue }
            var end = index
            while end < bytes.count, isNameByte(bytes[end]) { end += 1 }
            guard end > index, end < bytes.count, bytes[end] == UInt8(ascii: "=") else { continue }
            let name = String(decoding: bytes[index..<end], as: UTF8.self).lowercased()
            out += bytes[index...end]
            index = end + 1
            var valueEnd = index
            while valueEnd < bytes.count, !endsValue(bytes[valueEnd]) { valueEnd += 1 }
            if valueEnd > index, isSecretName(name) {
                out += Array("<redacted>".utf8)
            } else {
                out += bytes[index..<valueEnd]
            }
            index = valueEnd
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F || byte == 0x2D
            || byte == 0x2E || byte == 0x25 || byte == 0x5B || byte == 0x5D
    }

    private static func endsValue(_ byte: UInt8) -> Bool {
        byte <= 0x20 || byte == UInt8(ascii: "&") || byte == UInt8(ascii: "#") || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: ")") || byte == 0x7F
    }
}
