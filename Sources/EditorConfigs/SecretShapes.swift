// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Recognizes literal credentials in config values without ever returning them: a match carries
/// what kind of secret it is and a masked prefix (`ghp_…`, 40 characters), nothing more.
///
/// Known shapes: GitHub tokens (`ghp_` classic personal, `gho_`/`ghu_`/`ghs_`/`ghr_`, fine-grained
/// `github_pat_`), Stripe live keys (`sk_live_`, `rk_live_`; `sk_test_`/`rk_test_` are fine),
/// Slack (`xoxb-`, `xoxp-`, …), AWS access key ids (`AKIA`, `ASIA`), Atlassian API tokens
/// (`ATATT`), JWTs, PEM private keys. Besides, a long high-entropy value in a field whose name
/// says secret (`…TOKEN`, `…_KEY`, `password`, `Authorization`, `--api-key`), which is how
/// Cloudflare API tokens (40 characters, no prefix) and most vendors' keys look.
public struct SecretMatch: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case githubClassic = "GitHub personal access token (classic)"
        case github = "GitHub token"
        case githubFineGrained = "GitHub fine-grained token"
        case stripeLive = "Stripe live key"
        case slack = "Slack token"
        case aws = "AWS access key id"
        case atlassian = "Atlassian API token"
        case cloudflare = "Cloudflare API token"
        case jwt = "JSON Web Token"
        case privateKey = "private key"
        case generic = "secret-looking value"
    }

    public let kind: Kind
    /// A few leading characters and the length, e.g. `ghp_… (40 chars)`: never the secret.
    public let masked: String
}

public enum SecretShapes {
    /// The first literal secret in `value`, read as the content of a field named `name` (an env
    /// var, a header, a flag; nil when unnamed). `${VAR}`, `$VAR`, `${env:VAR}` and
    /// `${input:id}` references are not secrets and are removed before looking.
    public static func find(in value: String, name: String?) -> SecretMatch? {
        let literal = withoutReferences(value)
        for word in words(literal) {
            if let match = shaped(word) { return match }
        }
        if literal.contains("-----BEGIN"), literal.contains("PRIVATE KEY") { return SecretMatch(kind: .privateKey, masked: "-----BEGIN … PRIVATE KEY") }
        guard let name, namesSecret(name) else { return nil }
        // `Bearer abc…`, `Basic …`: the credential is the last word.
        guard let candidate = words(literal).last, isHighEntropy(candidate) else { return nil }
        // Stripe test-mode and publishable keys open nothing of value.
        if ["sk_test_", "rk_test_", "pk_test_", "pk_live_"].contains(where: { candidate.hasPrefix($0) }) { return nil }
        let kind: SecretMatch.Kind = name.lowercased().contains("cloudflare") || name.uppercased().hasPrefix("CF_") ? .cloudflare : .generic
        return SecretMatch(kind: kind, masked: mask(candidate, prefix: 0))
    }

    /// `ghp_…`-style tokens, by prefix and length.
    static func shaped(_ word: String) -> SecretMatch? {
        let bytes = Array(word.utf8)
        func body(after prefix: Int, _ allowed: (UInt8) -> Bool) -> Int {
            var count = 0
            while prefix + count < bytes.count, allowed(bytes[prefix + count]) { count += 1 }
            return count
        }
        let alnum: (UInt8) -> Bool = { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) }
        let upperDigit: (UInt8) -> Bool = { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
        let tokenChar: (UInt8) -> Bool = { alnum($0) || $0 == 0x5F || $0 == 0x2D || $0 == 0x3D }
        if word.hasPrefix("github_pat_"), body(after: 11, tokenChar) >= 22 { return SecretMatch(kind: .githubFineGrained, masked: mask(word, prefix: 11)) }
        if word.hasPrefix("ghp_"), body(after: 4, alnum) >= 30 { return SecretMatch(kind: .githubClassic, masked: mask(word, prefix: 4)) }
        for prefix in ["gho_", "ghu_", "ghs_", "ghr_"] where word.hasPrefix(prefix) && body(after: 4, alnum) >= 30 {
            return SecretMatch(kind: .github, masked: mask(word, prefix: 4))
        }
        for prefix in ["sk_live_", "rk_live_"] where word.hasPrefix(prefix) && body(after: 8, alnum) >= 10 {
            return SecretMatch(kind: .stripeLive, masked: mask(word, prefix: 8))
        }
        if bytes.count > 5, word.hasPrefix("xox"), bytes[4] == UInt8(ascii: "-"), "abeoprs".utf8.contains(bytes[3]), body(after: 5, tokenChar) >= 10 {
            return SecretMatch(kind: .slack, masked: mask(word, prefix: 5))
        }
        for prefix in ["AKIA", "ASIA"] where word.hasPrefix(prefix) && bytes.count == 20 && body(after: 4, upperDigit) == 16 {
            return SecretMatch(kind: .aws, masked: mask(word, prefix: 4))
        }
        if word.hasPrefix("ATATT"), body(after: 5, tokenChar) >= 20 { return SecretMatch(kind: .atlassian, masked: mask(word, prefix: 5)) }
        let parts = word.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count == 3, word.hasPrefix("eyJ"), parts.allSatisfy({ $0.count >= 8 && $0.utf8.allSatisfy { alnum($0) || $0 == 0x5F || $0 == 0x2D } }) {
            return SecretMatch(kind: .jwt, masked: mask(word, prefix: 3))
        }
        return nil
    }

    /// Whether a field name says it holds a credential.
    public static func namesSecret(_ name: String) -> Bool {
        let folded = String(name.lowercased().unicodeScalars.filter { $0 != "-" && $0 != "_" })
        let markers = ["token", "secret", "password", "passwd", "apikey", "accesskey", "privatekey", "authorization", "credential", "bearer", "pat"]
        return markers.contains { marker in marker == "pat" ? folded.hasSuffix("pat") : folded.contains(marker) }
    }

    /// Long enough, varied enough, and not a path, URL, variable name or placeholder text.
    static func isHighEntropy(_ word: String) -> Bool {
        guard word.utf8.count >= 16, word.utf8.count <= 4096 else { return false }
        if word.hasPrefix("/") || word.hasPrefix("~") || word.hasPrefix(".") || word.contains("://") { return false }
        if word.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }) && word.first?.isLetter == true {
            return false  // an environment variable's name (Codex env_http_headers)
        }
        let lowered = word.lowercased()
        if ["your", "xxxx", "placeholder", "changeme", "example", "<", "..."].contains(where: { lowered.contains($0) }) { return false }
        var counts: [UInt8: Int] = [:]
        for byte in word.utf8 { counts[byte, default: 0] += 1 }
        let total = Double(word.utf8.count)
        var entropy = 0.0
        for count in counts.values {
            let p = Double(count) / total
            entropy -= p * log2(p)
        }
        return entropy >= 3.0
    }

    static func log2(_ x: Double) -> Double {
        // ln via the series is overkill: frexp-free log2 from the exponent and a short polynomial.
        var exponent = 0.0
        var mantissa = x
        while mantissa >= 2 {
            mantissa /= 2
            exponent += 1
        }
        while mantissa < 1 {
            mantissa *= 2
            exponent -= 1
        }
        // log2(m) for m in [1, 2): atanh series of ln(m), divided by ln 2.
        let y = (mantissa - 1) / (mantissa + 1)
        var term = y
        var sum = 0.0
        var n = 1.0
        while n < 40 {
            sum += term / n
            term *= y * y
            n += 2
        }
        return exponent + 2 * sum / 0.6931471805599453
    }

    /// The text with every `${…}` and `$NAME` reference removed.
    public static func withoutReferences(_ text: String) -> String {
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            var after = rest[rest.index(after: dollar)...]
            if after.first == "{", let close = after.firstIndex(of: "}") {
                after = after[after.index(after: close)...]
            } else {
                after = after.drop { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
            }
            output += " "
            rest = after
        }
        return output + rest
    }

    /// Whether the value is nothing but references (`${GITHUB_TOKEN}`): the recommended form.
    public static func isReferenceOnly(_ text: String) -> Bool {
        !text.isEmpty && withoutReferences(text).allSatisfy { $0 == " " }
    }

    /// Split on spaces, `=`, `:` after a name, quotes and commas: the pieces a token can hide in.
    static func words(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\"" || $0 == "'" || $0 == "," || $0 == "&" || $0 == "?" || $0 == "/" })
            .flatMap { piece -> [String] in
                // `--token=abc`, `api_key=abc`: the value after the first `=`.
                if let equals = piece.firstIndex(of: "="), piece.index(after: equals) < piece.endIndex, !piece.hasPrefix("eyJ") {
                    return [String(piece), String(piece[piece.index(after: equals)...])]
                }
                return [String(piece)]
            }
    }

    /// `prefix` characters (at most a quarter of the value), an ellipsis and the length.
    public static func mask(_ secret: String, prefix: Int) -> String {
        let shown = min(prefix, secret.count / 4)
        return "\(secret.prefix(max(shown, 0)))… (\(secret.count) chars)"
    }
}
