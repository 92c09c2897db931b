// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP
import Platform

/// Where messages from the server go (the bridge writes them to stdout).
/// Where messages from the server go. It is awaited: a sink that cannot take more yet (the editor
/// is not reading stdout) holds the reader, which stops reading the response, so curl pauses the
/// transfer (issue 14 "Backpressure end to end").
public typealias MessageSink = @Sendable (JSONRPCMessage) async -> Void

/// The remote half of the bridge: one MCP client connection over HTTP.
public protocol ClientTransport: Sendable {
    /// Sends one message from the editor. For a request this returns once its response has been
    /// handed to the sink (messages that arrive before it are handed over too); for a
    /// notification or a response it returns once the server accepted it.
    func send(_ message: JSONRPCMessage) async throws(TransportError)
    /// Ends the session (`DELETE` where the era has sessions) and stops every stream.
    func close() async
    /// True when the editor's requests go in the stateless 2026-07-28 form although the editor
    /// opened with `initialize` (`EraAdapter`): its notifications are then not sent, and
    /// cancelling a request closes that request's HTTP stream.
    var speaksStatelessEra: Bool { get }
}

extension ClientTransport {
    public var speaksStatelessEra: Bool { false }
}

/// The one public error of the transports. Messages are free of secrets.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// The server could not be reached (DNS, connect, TLS); nothing was processed.
        case unreachable
        /// The server answered with an HTTP error status.
        case httpStatus
        /// The server broke the protocol (wrong content type, a non-JSON event, no endpoint event…).
        case protocolViolation
        /// A response stream ended before the response and could not be resumed.
        case streamBroken
        /// The transport was closed.
        case closed
        /// Authorization was needed and could not be obtained.
        case unauthorized
        /// The server took the request but sent no response head within `--response-timeout`.
        case timeout
    }

    public let code: Code
    public let message: String
    public let status: Int?
    /// The HTTP-layer failure behind `.unreachable` and `.streamBroken`, when there was one.
    public let http: HTTPError?
    /// A JSON-RPC `error` object the server put in an HTTP error body, if any.
    public let serverError: JSONValue?
    /// The `WWW-Authenticate` field values of a 401 or 403 (RFC 9110 §11.6.1).
    public let challenges: [String]
    /// What the user can do about it, when known.
    public let hint: String?

    public init(
        code: Code, message: String, status: Int? = nil, http: HTTPError? = nil, serverError: JSONValue? = nil,
        challenges: [String] = [], hint: String? = nil
    ) {
        self.code = code
        self.message = message
        self.status = status
        self.http = http
        self.serverError = serverError
        self.challenges = challenges
        self.hint = hint
    }

    public var description: String { message }

    static func from(_ error: any Error, doing what: String) -> TransportError {
        if let error = error as? TransportError { return error }
        if let error = error as? HTTPError {
            if error.code == .timeout {
                return TransportError(code: .timeout, message: "\(what): \(error.description) (--response-timeout)", http: error)
            }
            return TransportError(code: error.isConnectFailure ? .unreachable : .streamBroken, message: "\(what): \(error.description)", http: error)
        }
        return TransportError(code: .streamBroken, message: "\(what): \(error)")
    }
}

/// What the user asked for with `--transport` (mcp-remote's spellings are accepted too).
public enum TransportMode: String, Sendable, CaseIterable {
    case auto, http, sse
    case httpFirst = "http-first", sseFirst = "sse-first", httpOnly = "http-only", sseOnly = "sse-only"

    /// The transport tried first and whether the other one may be tried after it.
    public var plan: (first: Kind, fallback: Bool) {
        switch self {
        case .auto, .httpFirst: return (.streamableHTTP, true)
        case .sseFirst: return (.legacySSE, true)
        case .http, .httpOnly: return (.streamableHTTP, false)
        case .sse, .sseOnly: return (.legacySSE, false)
        }
    }

    public enum Kind: Sendable { case streamableHTTP, legacySSE }
}

/// What every transport needs to know about the remote server.
public struct RemoteServer: Sendable {
    public let url: String
    /// Extra headers from `--header`, sent on every request.
    public let headers: [(name: String, value: String)]
    public let engine: HTTPEngine
    public let log: Diagnostics
    /// The OAuth access token, sent on every request unless `--header` set `Authorization`.
    public let credentials: CredentialSlot?
    /// The longest message accepted from the server (a JSON body or one SSE event);
    /// `--max-message-bytes`, the same limit as for the editor's messages.
    public var maxMessageBytes = 64 << 20
    /// The longest wait for a response head, from the start of a request (`--response-timeout`).
    /// What follows a head is never cut: an open SSE stream may stay quiet as long as it likes.
    public var responseTimeoutSeconds = 60
    /// The `x-mcp-header` parameters learned from `tools/list` answers (2026-07-28 era).
    public let toolHeaders = ToolHeaderRegistry()

    public init(url: String, headers: [(name: String, value: String)], engine: HTTPEngine, log: Diagnostics, credentials: CredentialSlot? = nil) {
        self.url = url
        self.headers = headers
        self.engine = engine
        self.log = log
        self.credentials = credentials
    }
}

extension RemoteServer {
    /// A request to the MCP server, bounded until its response head arrives (DESIGN.md invariant 11).
    func request(_ method: String, url: String? = nil, headers: [(name: String, value: String)], body: [UInt8]? = nil) -> HTTPRequest {
        var request = HTTPRequest(method: method, url: url ?? self.url, headers: headers, body: body)
        request.headTimeoutMilliseconds = responseTimeoutSeconds * 1000
        return request
    }
}
