// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// What the one valid authorization response must carry (OAuth 2.1 draft-13 §4.1.2, RFC 9207 §2.4).
///
/// The OAuth module records these before it opens the browser: the `state` it put into the
/// authorization request and the `issuer` of the validated authorization-server metadata.
public struct CallbackExpectation: Sendable, CustomStringConvertible {
    /// The callback path used by `LoopbackListener.redirectURI` and by default here.
    public static let defaultPath = "/oauth/callback"

    /// The exact origin-form path of the redirect URI; compared byte for byte, without decoding.
    public let path: String
    /// The one-time `state` sent in the authorization request (OAuth 2.1 draft-13 §7.12.2).
    /// An empty value never matches, because an empty received `state` counts as missing.
    public let state: String
    /// The `issuer` of the validated authorization-server metadata (RFC 8414 §2).
    public let issuer: String
    /// True when the metadata had `authorization_response_iss_parameter_supported: true`, so a
    /// response without `iss` must be rejected (RFC 9207 §2.4).
    public let issuerRequired: Bool

    public init(path: String = CallbackExpectation.defaultPath, state: String, issuer: String, issuerRequired: Bool) {
        self.path = path
        self.state = state
        self.issuer = issuer
        self.issuerRequired = issuerRequired
    }

    /// Never shows `state`.
    public var description: String {
        "CallbackExpectation(path: \(path), state: <redacted>, issuer: \(issuer), issuerRequired: \(issuerRequired))"
    }
}

/// An authorization code from a response whose `state` and `iss` were checked.
///
/// Only this module creates one, so code that exchanges a code cannot be handed an unchecked one.
/// Printing it, interpolating it or dumping it never shows the code.
public struct ValidatedCallback: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The `code` parameter (RFC 6749 §4.1.2), form-decoded; visible ASCII, 1…4096 bytes.
    public let code: String

    init(code: String) {
        self.code = code
    }

    public var description: String { "ValidatedCallback(code: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// How the authorization server answered, once `state` and `iss` were accepted.
public enum CallbackResult: Sendable, Equatable {
    /// The user approved; exchange the code at the token endpoint.
    case authorized(ValidatedCallback)
    /// The server answered with an error (RFC 6749 §4.1.2.1). `error` is the code verbatim
    /// (RFC 6749 Appendix A.7 syntax); `description` is printable ASCII, at most 300 characters.
    case denied(error: String, description: String?)
}

/// The one public error of this module. Messages never contain the code, the state or any
/// other query value of a received request.
public struct LoopbackError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The requested callback port is taken (choose another with --callback-port).
        case portInUse
        /// The listening socket could not be created, bound or listened on.
        case bindFailed
        /// This machine has no such loopback address (`::1` in a container without IPv6).
        case addressUnavailable
        /// No valid callback arrived in time.
        case timeout
        /// A response with the right `state` failed the RFC 9207 `iss` check: the flow is compromised.
        case issuerMismatch
        /// The waiting task was cancelled or the listener was closed.
        case cancelled
        /// A socket, pipe, poll or thread call failed.
        case io
    }

    public let code: Code
    public let message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
