// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import MCPTransport
import Synchronization

/// Wraps the remote transport with authorization: a refusal that asks for it (a 401, or a 403
/// whose challenge is `insufficient_scope`) makes the authorizer renew the token (refresh,
/// authorization or step-up), then the same message is sent again. The server processed nothing
/// it refused, so a resend cannot duplicate work. Attempts per message are bounded (MCP
/// "Step-Up Authorization Flow").
final class AuthorizingTransport: ClientTransport {
    let inner: any ClientTransport
    let session: any RequestAuthorizer
    static let maxAttempts = 4
    /// Authorizations under way (refresh, browser or step-up) for refused messages.
    private let authorizations = Atomic<Int>(0)

    /// True while a refused message waits for an authorization: at the editor's `initialize`
    /// deadline this means the user is needed (`--initialize-timeout`).
    var isAuthorizing: Bool { authorizations.load(ordering: .relaxed) > 0 }

    init(inner: any ClientTransport, session: any RequestAuthorizer) {
        self.inner = inner
        self.session = session
    }

    func send(_ message: JSONRPCMessage) async throws(TransportError) {
        var attempts = 0
        var renewedAfter401 = false
        // Synchronous: no hop to the authorizer unless a renewal is due. A renewal reads and
        // writes the vault and may wait on another process's lock: it leaves the HTTP engine's
        // loop thread, where this task runs, for the global executor (`offLoop`).
        if session.renewalIsDue { await Self.offLoop { await self.session.renewAhead() } }
        while true {
            let generation = session.credentials.generation
            do {
                try await inner.send(message)
                return
            } catch  where asksForAuthorization(error) {
                attempts += 1
                // A 401 right after this message got a new token: another browser round would not help.
                if error.status == 401 && renewedAfter401 {
                    throw TransportError(
                        code: .unauthorized, message: "the server refused the token it just granted (HTTP 401)", status: 401,
                        hint: "the server may not accept tokens for the resource it advertises; try --resource, or report it to the provider")
                }
                if error.status == 401 { renewedAfter401 = true }
                guard attempts < Self.maxAttempts else {
                    throw TransportError(
                        code: .unauthorized, message: "the server still refuses the request after \(attempts - 1) authorizations (HTTP \(error.status ?? 0))",
                        status: error.status, hint: "check that your account may use this server and tool")
                }
                authorizations.add(1, ordering: .relaxed)
                defer { authorizations.subtract(1, ordering: .relaxed) }
                do {
                    let status = error.status ?? 401, challenges = error.challenges
                    try await Self.offLoop { () async throws(AuthorizationFailure) in
                        try await self.session.authorize(afterRefusal: status, challenges: challenges, seenGeneration: generation)
                    }
                } catch {
                    // Transient trouble keeps the tokens: "try again"; anything else needs the user.
                    let advice = error.isTransient ? "; try again shortly" : "; run \(session.loginCommand) in a terminal to authorize"
                    throw TransportError(code: .unauthorized, message: error.message + advice, status: nil, hint: error.hint)
                }
            }
        }
    }

    func close() async {
        await inner.close()
    }

    /// Runs `work` on the global concurrent executor: the authorizer's actor would otherwise run
    /// on the task's preferred executor, the HTTP engine's loop thread (`LoopExecutor`), which
    /// must never block.
    static func offLoop<Failure: Error>(_ work: () async throws(Failure) -> Void) async throws(Failure) {
        try await withTaskExecutorPreference(globalConcurrentExecutor, operation: work)
    }

    /// An HTTP refusal the authorizer says asks for authorization (RFC 6750 §3.1); never a
    /// failure of another kind.
    func asksForAuthorization(_ error: TransportError) -> Bool {
        guard error.code == .httpStatus, let status = error.status else { return false }
        return session.asksForAuthorization(status: status, challenges: error.challenges)
    }
}
