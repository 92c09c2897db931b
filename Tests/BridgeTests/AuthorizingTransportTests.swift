// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import MCPTransport
import PinnedHTTP
import Synchronization
import Testing

@testable import Bridge

/// What the bridge does with a refused request (MCP authorization "Error Handling"), through the
/// `RequestAuthorizer` seam: the authorizer answers the RFC 6750 question and renews; the
/// transport resends, bounds the attempts and never asks the authorizer when nothing is due.
@Suite struct AuthorizingTransportTests {
    static let message = try! JSONRPCMessage.decode(Array(#"{"jsonrpc":"2.0","id":1,"method":"tools/list"}"#.utf8))

    func error(_ status: Int, _ challenges: [String] = [], code: TransportError.Code = .httpStatus) -> TransportError {
        TransportError(code: code, message: "x", status: status, challenges: challenges)
    }

    @Test func onlyHTTPRefusalsTheAuthorizerRecognizesAsk() {
        let transport = AuthorizingTransport(inner: ScriptedTransport([]), session: StubAuthorizer())
        #expect(transport.asksForAuthorization(error(401)))
        #expect(transport.asksForAuthorization(error(403, ["insufficient"])))
        #expect(!transport.asksForAuthorization(error(403)))
        #expect(!transport.asksForAuthorization(error(500)))
        // A broken stream or an unreachable server is never an authorization question.
        #expect(!transport.asksForAuthorization(error(401, code: .streamBroken)))
        #expect(!transport.asksForAuthorization(TransportError(code: .unreachable, message: "x")))
    }

    /// The common path: no renewal due, one send, no call into the authorizer but the cheap check.
    @Test func nothingDueMeansOneSendAndNoRenewal() async throws {
        let inner = ScriptedTransport([nil])
        let authorizer = StubAuthorizer()
        try await AuthorizingTransport(inner: inner, session: authorizer).send(Self.message)
        #expect(inner.sends == 1 && authorizer.calls == [])
    }

    @Test func aDueRenewalHappensBeforeTheSend() async throws {
        let authorizer = StubAuthorizer()
        authorizer.due.store(true, ordering: .relaxed)
        try await AuthorizingTransport(inner: ScriptedTransport([nil]), session: authorizer).send(Self.message)
        #expect(authorizer.calls == ["renewAhead"])
    }

    /// A 401 renews with the generation the refused request carried, then the message goes again.
    @Test func a401RenewsThenResends() async throws {
        let inner = ScriptedTransport([error(401), nil])
        let authorizer = StubAuthorizer()
        try await AuthorizingTransport(inner: inner, session: authorizer).send(Self.message)
        #expect(inner.sends == 2 && authorizer.calls == ["authorize 401 seen 0"])
    }

    @Test func a401RightAfterANewTokenIsNotAskedAgain() async {
        let inner = ScriptedTransport([error(401), error(401)])
        let authorizer = StubAuthorizer()
        let thrown = await #expect(throws: TransportError.self) { try await AuthorizingTransport(inner: inner, session: authorizer).send(Self.message) }
        #expect(thrown?.code == .unauthorized && thrown?.message.contains("refused the token it just granted") == true)
        #expect(authorizer.calls.count == 1)
    }

    /// MCP "Step-Up Authorization Flow": step-ups per message are bounded.
    @Test func stepUpsAreBounded() async {
        let refusal = error(403, ["insufficient"])
        let inner = ScriptedTransport(Array(repeating: refusal, count: 10))
        let authorizer = StubAuthorizer()
        let thrown = await #expect(throws: TransportError.self) { try await AuthorizingTransport(inner: inner, session: authorizer).send(Self.message) }
        #expect(thrown?.message.contains("still refuses the request after 3 authorizations") == true)
        #expect(authorizer.calls.count == AuthorizingTransport.maxAttempts - 1)
    }

    @Test func aFailedAuthorizationSaysWhatToDo() async {
        for (transient, advice) in [(true, "try again shortly"), (false, "run mcp-warden login X in a terminal to authorize")] {
            let authorizer = StubAuthorizer()
            authorizer.failure.withLock { $0 = AuthorizationFailure(message: "no", hint: "h", isTransient: transient) }
            let thrown = await #expect(throws: TransportError.self) {
                try await AuthorizingTransport(inner: ScriptedTransport([self.error(401)]), session: authorizer).send(Self.message)
            }
            #expect(thrown?.message == "no; " + advice, "\(String(describing: thrown))")
            #expect(thrown?.hint == "h" && thrown?.code == .unauthorized)
        }
    }

    /// The bridge's tasks run on the HTTP engine's loop thread; a renewal, which reads the vault
    /// and may wait on another process's lock, must not (it would stall every transfer).
    @Test func renewalsRunOffTheLoopThreadAndSendsOnIt() async throws {
        let engine = try HTTPEngine(policy: TrustPolicy())
        defer { engine.shutdown() }
        let authorizer = StubAuthorizer()
        authorizer.loop = engine.executor
        authorizer.due.store(true, ordering: .relaxed)
        let inner = ScriptedTransport([error(401), nil])
        inner.loop = engine.executor
        let transport = AuthorizingTransport(inner: inner, session: authorizer)
        try await Task(executorPreference: engine.executor) { try await transport.send(Self.message) }.value
        #expect(authorizer.calls == ["renewAhead", "authorize 401 seen 0"])
        #expect(authorizer.onLoop.withLock { $0 } == [false, false], "the authorizer ran on the loop thread")
        #expect(inner.onLoop.withLock { $0 } == [true, true], "the sends left the loop thread")
    }

    @Test func otherFailuresPassThroughUntouched() async {
        let authorizer = StubAuthorizer()
        let thrown = await #expect(throws: TransportError.self) {
            try await AuthorizingTransport(inner: ScriptedTransport([self.error(404)]), session: authorizer).send(Self.message)
        }
        #expect(thrown?.status == 404 && authorizer.calls == [])
    }
}

/// Answers 401 and a 403 whose challenge says "insufficient" (the real rule is OAuth's, tested in
/// OAuthTests' RenewalTriggerTests); records every call but the synchronous check.
final class StubAuthorizer: RequestAuthorizer {
    let credentials = CredentialSlot()
    let due = Atomic(false)
    let failure = Mutex<AuthorizationFailure?>(nil)
    /// When set, each renewal records whether it ran on this loop's thread.
    nonisolated(unsafe) var loop: LoopExecutor?
    let onLoop = Mutex<[Bool]>([])
    private let log = Mutex<[String]>([])
    var calls: [String] { log.withLock { $0 } }

    var renewalIsDue: Bool { due.load(ordering: .relaxed) }

    func renewAhead() async {
        if let loop { onLoop.withLock { $0.append(loop.isLoopThread) } }
        log.withLock { $0.append("renewAhead") }
        due.store(false, ordering: .relaxed)
    }

    func asksForAuthorization(status: Int, challenges: [String]) -> Bool {
        status == 401 || (status == 403 && challenges == ["insufficient"])
    }

    func authorize(afterRefusal status: Int, challenges: [String], seenGeneration: Int) async throws(AuthorizationFailure) {
        if let loop { onLoop.withLock { $0.append(loop.isLoopThread) } }
        log.withLock { $0.append("authorize \(status) seen \(seenGeneration)") }
        if let failure = failure.withLock({ $0 }) { throw failure }
        credentials.replace(with: "token-\(calls.count)")
    }

    var loginCommand: String { "mcp-warden login X" }

    func cancel() async {}
}

/// Fails or succeeds as scripted (nil: success), one entry per send.
final class ScriptedTransport: ClientTransport {
    private let script: Mutex<[TransportError?]>
    private let count = Atomic(0)
    var sends: Int { count.load(ordering: .relaxed) }
    /// When set, each send records whether it ran on this loop's thread.
    nonisolated(unsafe) var loop: LoopExecutor?
    let onLoop = Mutex<[Bool]>([])

    init(_ script: [TransportError?]) { self.script = Mutex(script) }

    func send(_ message: JSONRPCMessage) async throws(TransportError) {
        count.add(1, ordering: .relaxed)
        if let loop { onLoop.withLock { $0.append(loop.isLoopThread) } }
        let next = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        if let next { throw next }
    }

    func close() async {}
}
