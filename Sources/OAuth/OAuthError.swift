// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The one public error of the OAuth module. Messages name hosts, URLs of metadata and the
/// RFC 6749 `error` code, never a token, code, verifier or client secret.
public struct OAuthError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// No usable protected-resource or authorization-server metadata was found.
        case discovery
        /// A metadata document or server answer broke a MUST (resource or issuer mismatch, no S256, bad JSON).
        case invalidMetadata
        /// A discovered URL is outside the endpoint's allowed hosts, or not https.
        case policy
        /// The authorization server this resource names changed since it was recorded.
        case issuerChanged
        /// Client registration (static, metadata document or dynamic) failed.
        case registration
        /// The user or the server refused the authorization (`error=` on the redirect).
        case denied
        /// The redirect did not come back (timeout, listener failure, mix-up).
        case callback
        /// The token endpoint refused the grant (RFC 6749 §5.2); `oauthError` holds its code.
        case tokenRefused
        /// The network failed or a server answered 5xx: retrying later may work.
        case unavailable
        /// Step-up kept asking for more scopes.
        case tooManyAttempts
        /// The flow was cancelled (the editor went away).
        case cancelled
        /// The renewal did not finish within `--auth-timeout`; the message names what it waited for.
        case timedOut
    }

    public let code: Code
    public let message: String
    /// The RFC 6749 `error` value, verbatim, when a server sent one.
    public let oauthError: String?
    public let hint: String?
    /// What a 429 or 503 said in `Retry-After`, in seconds, bounded (`RetryAfter`); nil without one.
    public var retryAfterSeconds: Int?
    /// The browser wait ended without any callback (`--auth-timeout`): the page may have shown an
    /// error that never came back, such as an unknown client.
    var endedWithoutCallback = false

    public init(_ code: Code, _ message: String, oauthError: String? = nil, hint: String? = nil) {
        self.code = code
        self.message = message
        self.oauthError = oauthError
        self.hint = hint
    }

    public var description: String { message }

    /// True when the token endpoint said "try later": 5xx, network, 429, `temporarily_unavailable`.
    public var isTemporary: Bool {
        code == .unavailable || oauthError == "temporarily_unavailable"
    }

    /// True when the authorization server does not know (or no longer accepts) the client itself
    /// (RFC 6749 §5.2 `invalid_client`: "unknown client"); a new registration may help.
    public var refusesClient: Bool { oauthError == "invalid_client" }

    /// True when the user must authorize again (the grant is gone), as opposed to "try later".
    public var needsNewAuthorization: Bool {
        oauthError == "invalid_grant" || oauthError == "invalid_client" || oauthError == "unauthorized_client"
    }
}
