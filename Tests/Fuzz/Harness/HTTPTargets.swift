// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Platform

@testable import OAuth
@testable import PinnedHTTP

/// What a server puts in a response head, and the sanitizer every server-controlled text passes
/// through before it reaches the terminal.
enum HTTPTargets {
    /// Invariants of `ResponseHeadFields` fed the input as curl hands over header lines (split
    /// after each LF): only the empty line ends a head; names are lowercase; values have no
    /// surrounding SP/HTAB; at most `maxFields` fields (RFC 9110 §5.5, RFC 9112 §2.1).
    static let responseHead = FuzzTarget(name: "response-head", checks: "only an empty line ends a head; names lowercase; values trimmed; ≤ maxFields") {
        bytes in
        var head = ResponseHeadFields()
        var start = 0
        while start < bytes.count {
            let end = (bytes[start...].firstIndex(of: 0x0A)).map { $0 + 1 } ?? bytes.count
            let line = Array(bytes[start..<end])
            let ended = line.withUnsafeBytes { head.add($0) }
            require(ended == line.allSatisfy({ $0 == 0x0A || $0 == 0x0D }), "add() misjudged the end of the head")
            require(head.fields.count <= ResponseHeadFields.maxFields, "more than maxFields fields kept")
            for field in head.fields {
                require(field.name == field.name.lowercased(), "a field name is not lowercase")
                require(
                    field.value.utf8.first.map { $0 != 0x20 && $0 != 0x09 } ?? true
                        && field.value.utf8.last.map { $0 != 0x20 && $0 != 0x09 } ?? true, "a field value keeps surrounding whitespace")
            }
            if ended { _ = head.takeFields(); require(head.fields.isEmpty, "takeFields() did not start over") }
            start = end
        }
    }

    /// Agreement: the challenges written back canonically (`scheme token68` or `scheme name="…"`)
    /// parse to the same challenges; invariants: schemes and parameter names are lowercase,
    /// non-empty and unique per challenge (RFC 9110 §11.6.1, §11.2; RFC 6750 §3). Input: field
    /// values separated by LF.
    static let wwwAuthenticate = FuzzTarget(name: "www-authenticate", checks: "reparse(canonical(parse)) = parse; lowercase unique names; Bearer view agrees") {
        bytes in
        let values = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
        let challenges = AuthChallenge.parse(values)
        for challenge in challenges {
            require(!challenge.scheme.isEmpty && challenge.scheme == challenge.scheme.lowercased(), "a scheme is empty or not lowercase")
            let names = challenge.parameters.map(\.name)
            require(Set(names).count == names.count && names.allSatisfy { $0 == $0.lowercased() && !$0.isEmpty }, "parameter names not unique and lowercase")
            require(challenge.token68 == nil || challenge.parameters.isEmpty, "a challenge with both token68 and parameters")
        }
        let canonical = challenges.map(canonicalForm).joined(separator: ", ")
        require(AuthChallenge.parse([canonical]) == challenges, "the canonical form of the challenges parses differently")
        let bearer = BearerChallenge(fieldValues: values)
        let first = challenges.first { $0.scheme == "bearer" }
        require((bearer == nil) == (first == nil), "BearerChallenge disagrees with parse about a Bearer challenge")
        require(
            bearer?.resourceMetadata == first?.parameter("resource_metadata") && bearer?.error == first?.parameter("error"),
            "BearerChallenge disagrees with the challenge's parameters")
        if let scopes = bearer?.scopes { require(!scopes.isEmpty && !scopes.contains(""), "empty scope tokens") }
    }

    static func canonicalForm(_ challenge: AuthChallenge) -> String {
        if let token68 = challenge.token68 { return challenge.scheme + " " + token68 }
        let parameters = challenge.parameters.map { parameter in
            var quoted = "\""
            for scalar in parameter.value.unicodeScalars {
                if scalar == "\"" || scalar == "\\" { quoted += "\\" }
                quoted.unicodeScalars.append(scalar)
            }
            return parameter.name + "=" + quoted + "\""
        }
        return ([challenge.scheme] + [parameters.joined(separator: ", ")]).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Invariants of `VisibleText` (issue 13 item 6): the sanitized text has no hidden code point
    /// and no line break or tab, keeps within `limit` (+ "…"); redaction is idempotent. Input:
    /// byte 0 picks the limit (0 = none).
    static let visibleText = FuzzTarget(name: "visible-text", checks: "no hidden scalars/CR/LF/TAB in output; ≤ limit+1 scalars; redaction idempotent") {
        bytes in
        var input = FuzzInput(bytes)
        let limitByte = input.byte()
        let text = String(decoding: input.rest(), as: UTF8.self)
        let limit = limitByte == 0 ? Int.max : Int(limitByte)
        let shown = VisibleText.sanitized(text, limit: limit)
        for scalar in shown.unicodeScalars {
            require(
                !VisibleText.isHidden(scalar) && scalar != "\n" && scalar != "\r" && scalar != "\t",
                "a hidden scalar U+\(String(scalar.value, radix: 16)) survived")
        }
        require(shown.unicodeScalars.count <= (limit == Int.max ? Int.max : limit + 1), "the sanitized text is longer than its limit")
        let redacted = VisibleText.redactingQuerySecrets(text)
        require(VisibleText.redactingQuerySecrets(redacted) == redacted, "redaction is not idempotent")
    }
}
