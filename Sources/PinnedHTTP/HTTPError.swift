// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The one public error of the HTTP layer. Messages name the host and the cause and
/// never carry header values or bodies (they may hold secrets).
public struct HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The request breaks the trust policy (scheme, host); nothing was sent.
        case policy
        /// The host name did not resolve.
        case dns
        /// TCP connect failed or timed out.
        case connect
        /// TLS handshake or certificate verification failed.
        case tls
        /// The certificate chain verified, but no certificate in it carries a pinned key.
        case pinMismatch
        /// The transfer stalled or took too long.
        case timeout
        /// The connection broke or the peer spoke broken HTTP.
        case transport
        /// A body was larger than the caller allows.
        case tooLarge
        /// The engine was shut down.
        case shutdown
    }

    public let code: Code
    public let host: String
    public let message: String

    public init(code: Code, host: String, message: String) {
        self.code = code
        self.host = host
        self.message = message
    }

    public var description: String {
        host.isEmpty ? message : "\(host): \(message)"
    }

    /// True when the failure happened before any byte reached the server, so a retry cannot duplicate work.
    public var isConnectFailure: Bool {
        switch code {
        case .dns, .connect, .tls, .pinMismatch, .policy: return true
        default: return false
        }
    }
}
