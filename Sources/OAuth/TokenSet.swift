// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import MCPFraming

/// What a token endpoint granted (OAuth 2.1 draft-13 §3.2.3). Secret: printing, interpolating
/// or dumping it shows neither token (DESIGN.md invariant 2).
public struct TokenSet: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let accessToken: String
    public let refreshToken: String?
    /// Absolute expiry in seconds since the Unix epoch, when the server said (`expires_in`).
    public let expiresAt: Int?
    /// Granted scopes: the response's `scope`, else the requested ones (§3.2.3: `scope` is
    /// required only when it differs from the request).
    public let scopes: [String]

    public init(accessToken: String, refreshToken: String?, expiresAt: Int?, scopes: [String]) {
        self.accessToken = accessToken
        self.refreshToken = refreshToken
        self.expiresAt = expiresAt
        self.scopes = scopes
    }

    public var description: String {
        "TokenSet(accessToken: <redacted>, refreshToken: \(refreshToken == nil ? "none" : "<redacted>"), expiresAt: \(expiresAt.map(String.init) ?? "none"), scopes: \(scopes))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }

    /// Parses a successful token response. Unknown members are ignored (§3.2.3).
    static func parse(
        _ body: [UInt8], requestedScopes: [String], previousRefreshToken: String? = nil,
        issuer: String, now: Int = WallClock.seconds()
    ) throws(OAuthError) -> TokenSet {
        let document = try MetadataJSON.object(body, what: "token response", source: issuer)
        guard let access = document["access_token"]?.stringValue, !access.isEmpty else {
            throw OAuthError(.tokenRefused, "the token response of \(issuer) has no access_token")
        }
        guard let type = document["token_type"]?.stringValue, type.lowercased() == "bearer" else {
            throw OAuthError(
                .tokenRefused,
                "the token response of \(issuer) is not a Bearer token (token_type \(MetadataJSON.shown(document["token_type"]?.stringValue ?? "missing", limit: 20)))"
            )
        }
        var expiresAt: Int?
        if let lifetime = document["expires_in"]?.intValue ?? document["expires_in"]?.stringValue.flatMap({ Int($0) }), lifetime > 0 {
            expiresAt = now + min(lifetime, 10 * 365 * 86_400)
        }
        let granted = document["scope"]?.stringValue.map(ScopeToken.split) ?? requestedScopes
        // §4.3.2: a refresh response without a new refresh token keeps the old one.
        let refresh = document["refresh_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? previousRefreshToken
        return TokenSet(accessToken: access, refreshToken: refresh, expiresAt: expiresAt, scopes: granted)
    }

    /// An error response (§3.2.4): the `error` code verbatim, the description made printable.
    static func error(from response: HTTPResponseSummary, issuer: String, doing what: String, now: Int = WallClock.seconds()) -> OAuthError {
        let document = try? MetadataJSON.object(response.body, what: "error response", source: issuer)
        let code = document?["error"]?.stringValue.flatMap { OAuthErrorCode.isValid($0) ? $0 : nil }
        let description = document?["error_description"]?.stringValue.map { MetadataJSON.shown($0, limit: 300) }
        // RFC 6585 §4, RFC 9110 §15.6.4: a 429 or 503 may say when to come back.
        let retryAfter = response.status == 429 || response.status == 503 ? response.retryAfter.flatMap { RetryAfter.seconds($0, now: now) } : nil
        if response.status >= 500 || (code == nil && response.status == 429) {
            var error = OAuthError(.unavailable, "\(issuer) answered \(what) with HTTP \(response.status); try again later")
            error.retryAfterSeconds = retryAfter
            return error
        }
        var message = "\(issuer) refused \(what) (HTTP \(response.status)"
        message += code.map { ", \($0))" } ?? ")"
        if let description { message += ": \(description)" }
        var error = OAuthError(.tokenRefused, message, oauthError: code)
        error.retryAfterSeconds = retryAfter
        return error
    }
}

/// The RFC 6749 §5.2 syntax of an `error` value: printable ASCII without `"` and `\`.
enum OAuthErrorCode {
    static func isValid(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.count <= 100 && code.utf8.allSatisfy { $0 >= 0x20 && $0 <= 0x7E && $0 != 0x22 && $0 != 0x5C }
    }
}

/// `scope-token = 1*( %x21 / %x23-5B / %x5D-7E )` (RFC 6749 §3.3). Scopes come from servers
/// (challenges, metadata, token responses) and are printed by `login` and `status`: one that is
/// not a scope-token (a control character, non-ASCII, a quote) is dropped where it is read.
enum ScopeToken {
    static func isValid(_ token: String) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != 0x22 && $0 != 0x5C }
    }

    /// A space-delimited `scope` value (RFC 6749 §3.3), split; invalid tokens dropped.
    static func split(_ value: String) -> [String] {
        value.split(separator: " ").map(String.init).filter(isValid)
    }
}

/// Status and body of a response, as the OAuth code needs them.
struct HTTPResponseSummary: Sendable {
    let status: Int
    let body: [UInt8]
    /// The `Retry-After` field value, if the response had one (RFC 9110 §10.2.3).
    var retryAfter: String? = nil
}

/// Seconds since the Unix epoch (token expiry is absolute and survives restarts).
public enum WallClock {
    public static func seconds() -> Int {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int(now.tv_sec)
    }
}
