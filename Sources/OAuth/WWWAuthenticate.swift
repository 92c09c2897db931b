// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import HTTPGrammar

/// `WWW-Authenticate` (RFC 9110 §11.6.1): one or more challenges, each a scheme followed by
/// either a token68 or comma-separated `name=value` parameters (token or quoted-string).
///
/// Parsing is tolerant, as MCP authorization "Protected Resource Metadata Discovery
/// Requirements" needs it to be: schemes and parameter names are case-insensitive (RFC 9110
/// §11.1, §11.2), whitespace around `=` is accepted, several challenges may share one field
/// value or come in several fields, and empty list elements are skipped. A malformed tail ends
/// the parse; the challenges before it are kept.
public struct AuthChallenge: Sendable, Equatable {
    /// Lowercased.
    public let scheme: String
    /// Names lowercased, in order; the first occurrence of a name wins (RFC 9110 §11.2: a name
    /// must occur only once per challenge).
    public let parameters: [(name: String, value: String)]
    public let token68: String?

    public func parameter(_ name: String) -> String? {
        let wanted = name.lowercased()
        return parameters.first { $0.name == wanted }?.value
    }

    public static func == (lhs: AuthChallenge, rhs: AuthChallenge) -> Bool {
        lhs.scheme == rhs.scheme && lhs.token68 == rhs.token68
            && lhs.parameters.map(\.name) == rhs.parameters.map(\.name) && lhs.parameters.map(\.value) == rhs.parameters.map(\.value)
    }

    /// Every challenge in the given field values (a response may carry the field more than once).
    public static func parse(_ fieldValues: [String]) -> [AuthChallenge] {
        fieldValues.flatMap { value in
            var scanner = ChallengeScanner(Array(value.utf8))
            return scanner.challenges()
        }
    }
}

/// The Bearer challenge of a 401 or 403 (RFC 6750 §3; RFC 9728 §5.1 `resource_metadata`).
public struct BearerChallenge: Sendable, Equatable {
    public let resourceMetadata: String?
    /// Space-separated scopes the server asks for (RFC 6750 §3), split.
    public let scopes: [String]?
    public let error: String?
    public let errorDescription: String?

    public init(resourceMetadata: String? = nil, scopes: [String]? = nil, error: String? = nil, errorDescription: String? = nil) {
        self.resourceMetadata = resourceMetadata
        self.scopes = scopes
        self.error = error
        self.errorDescription = errorDescription
    }

    /// The first Bearer challenge among the field values, if any.
    public init?(fieldValues: [String]) {
        guard let bearer = AuthChallenge.parse(fieldValues).first(where: { $0.scheme == "bearer" }) else { return nil }
        resourceMetadata = bearer.parameter("resource_metadata")
        scopes = bearer.parameter("scope").map(ScopeToken.split).flatMap { $0.isEmpty ? nil : $0 }
        error = bearer.parameter("error")
        errorDescription = bearer.parameter("error_description")
    }

    /// RFC 6750 §3.1: the token lacks a scope the request needs (a step-up, MCP "Scope Challenge Handling").
    public var isInsufficientScope: Bool { error == "insufficient_scope" }
}

private struct ChallengeScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func challenges() -> [AuthChallenge] {
        var result: [AuthChallenge] = []
        skipListSeparators()
        while let scheme = token() {
            var parameters: [(String, String)] = []
            var token68: String?
            if skipSpaces(), let value = token68IfPresent() {
                token68 = value
            } else {
                // `#auth-param`: comma-separated, empty elements allowed (RFC 9110 §5.6.1). An
                // element that is not `name=value` is the next challenge's scheme.
                var seen: Set<String> = []
                while true {
                    let save = index
                    skipListSeparators()
                    guard let parameter = parameterIfPresent() else { index = save; break }
                    if seen.insert(parameter.0).inserted { parameters.append(parameter) }
                }
            }
            result.append(AuthChallenge(scheme: scheme.lowercased(), parameters: parameters, token68: token68))
            skipSpaces()
            guard peek == UInt8(ascii: ",") else { break }
            skipListSeparators()
        }
        return result
    }

    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    @discardableResult
    mutating func skipSpaces() -> Bool {
        let start = index
        while let byte = peek, byte == 0x20 || byte == 0x09 { index += 1 }
        return index > start
    }

    mutating func skipListSeparators() {
        while let byte = peek, byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ",") { index += 1 }
    }

    mutating func token() -> String? {
        let start = index
        while let byte = peek, HTTPGrammar.isTokenCharacter(byte) { index += 1 }
        return index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
    }

    /// `token68` (RFC 9110 §11.2) when what follows is one and not a parameter.
    mutating func token68IfPresent() -> String? {
        let start = index
        while let byte = peek, HTTPGrammar.isToken68Character(byte) { index += 1 }
        guard index > start else { return nil }
        while peek == UInt8(ascii: "=") { index += 1 }
        let end = index
        skipSpaces()
        if peek == nil || peek == UInt8(ascii: ",") {
            // `name=value` would have stopped at a token char after '='; a bare "x=" tail is token68.
            let text = String(decoding: bytes[start..<end], as: UTF8.self)
            if !text.contains("=") || text.hasSuffix("=") { return text }
        }
        index = start
        return nil
    }

    /// `name BWS "=" BWS ( token / quoted-string )`.
    mutating func parameterIfPresent() -> (String, String)? {
        let start = index
        guard let name = token() else { return nil }
        skipSpaces()
        guard peek == UInt8(ascii: "=") else { index = start; return nil }
        index += 1
        skipSpaces()
        if peek == UInt8(ascii: "\""), let value = quotedString() { return (name.lowercased(), value) }
        if let value = token() { return (name.lowercased(), value) }
        index = start
        return nil
    }

    /// RFC 9110 §5.6.4: `quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text )`, so neither a raw
    /// nor an escaped control character is accepted.
    mutating func quotedString() -> String? {
        let start = index
        index += 1
        var value: [UInt8] = []
        while let byte = peek {
            index += 1
            switch byte {
            case UInt8(ascii: "\""): return String(decoding: value, as: UTF8.self)
            case UInt8(ascii: "\\"):
                guard let escaped = peek, !HTTPGrammar.isControl(escaped) else { index = start; return nil }
                value.append(escaped)
                index += 1
            case _ where HTTPGrammar.isControl(byte):
                index = start
                return nil
            default: value.append(byte)
            }
        }
        index = start
        return nil
    }
}
