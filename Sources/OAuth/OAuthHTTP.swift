// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import PinnedHTTP
import Synchronization

/// The engine OAuth requests use: the endpoint's own, or one made on first use (so a server that
/// never asks for authorization costs no second curl thread at start).
public final class OAuthEngine: Sendable {
    private let make: @Sendable () throws(HTTPError) -> HTTPEngine
    private let made = Mutex<HTTPEngine?>(nil)

    public init(_ engine: HTTPEngine) {
        made.withLock { $0 = engine }
        make = { engine }
    }

    /// An engine with `policy`, started when the first OAuth request is made.
    public init(startingWith policy: TrustPolicy) {
        make = { () throws(HTTPError) in try HTTPEngine(policy: policy) }
    }

    func engine() throws(OAuthError) -> HTTPEngine {
        do {
            return try made.withLock { (engine: inout HTTPEngine?) throws(HTTPError) -> HTTPEngine in
                if let engine { return engine }
                let started = try make()
                engine = started
                return started
            }
        } catch {
            throw OAuthError(.unavailable, "could not start the HTTP engine for authorization: \(error.message)")
        }
    }
}

/// Every OAuth request goes through here: the role's host check first, then the pinned engine;
/// no redirects are followed (a redirect is refused, reference A-50), bodies are bounded.
struct OAuthHTTP: Sendable {
    let engine: OAuthEngine
    let hosts: AuthorizationHosts
    let userAgent: String
    /// The longest any one OAuth request may take, connect to last byte (`--oauth-timeout`).
    var timeoutSeconds = 30
    /// A request during which no byte moves for this long (curl averages over the last 5 s, so up
    /// to 5 s more) fails before its total timeout.
    static let stallSeconds = 10
    /// What the renewal in progress waits for (named when it runs out of time).
    let progress = RenewalProgress()

    func get(_ url: String, role: AuthorizationHosts.Role, headers extra: [(name: String, value: String)] = []) async throws(OAuthError) -> HTTPResponseSummary
    {
        try await send(HTTPRequest(method: "GET", url: url, headers: [("Accept", "application/json")] + extra), role: role)
    }

    func postForm(
        _ url: String, role: AuthorizationHosts.Role, form: [(String, String)], headers extra: [(name: String, value: String)] = []
    ) async throws(OAuthError) -> HTTPResponseSummary {
        let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json")] + extra
        return try await send(HTTPRequest(method: "POST", url: url, headers: headers, body: Array(FormEncoding.encode(form).utf8)), role: role)
    }

    func postJSON(_ url: String, role: AuthorizationHosts.Role, body: [UInt8]) async throws(OAuthError) -> HTTPResponseSummary {
        let headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
        return try await send(HTTPRequest(method: "POST", url: url, headers: headers, body: body), role: role)
    }

    private func send(_ request: HTTPRequest, role: AuthorizationHosts.Role) async throws(OAuthError) -> HTTPResponseSummary {
        try hosts.check(request.url, role: role)
        var request = request
        request.headers.append(("User-Agent", userAgent))
        request.totalTimeoutMilliseconds = timeoutSeconds * 1000
        if timeoutSeconds > Self.stallSeconds { request.lowSpeed = (bytesPerSecond: 1, seconds: Self.stallSeconds) }
        progress.waiting(for: "the \(role.rawValue) \(MetadataJSON.shown(request.url))")
        let response: HTTPResponse
        do {
            response = try await engine.engine().fetch(request, maxBodyBytes: MetadataJSON.maxDocumentBytes)
        } catch let error as OAuthError {
            throw error
        } catch  where Task.isCancelled {
            // `--auth-timeout` ended the renewal (or the bridge is stopping): not a network failure.
            throw OAuthError(.cancelled, "the \(role.rawValue) request was cancelled")
        } catch let error as HTTPError {
            switch error.code {
            case .policy, .pinMismatch, .tls:
                throw OAuthError(.policy, "the \(role.rawValue) \(request.url): \(error.message)")
            case .timeout:
                throw OAuthError(.unavailable, "the \(role.rawValue) \(request.url) did not answer within \(timeoutSeconds) s")
            default:
                throw OAuthError(.unavailable, "the \(role.rawValue) \(request.url) could not be reached: \(error.description)")
            }
        } catch {
            throw OAuthError(.unavailable, "the \(role.rawValue) \(request.url) could not be reached: \(error)")
        }
        if (300..<400).contains(response.status) {
            throw OAuthError(
                .policy,
                "the \(role.rawValue) \(request.url) answered with a redirect (HTTP \(response.status)); mcp-warden does not follow redirects for OAuth requests"
            )
        }
        return HTTPResponseSummary(status: response.status, body: response.body, retryAfter: response.head.value("retry-after"))
    }
}
