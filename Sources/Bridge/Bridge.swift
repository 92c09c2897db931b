// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Dispatch
import Glibc
import MCPFraming
import MCPTransport
import PinnedHTTP
import Platform
import Synchronization
import ToolGuard

/// How a bridge run ended; the CLI maps it to an exit code.
public enum BridgeOutcome: Sendable, Equatable {
    /// stdin reached EOF, or SIGTERM/SIGINT arrived: the session was closed.
    case finished
    /// The server could not be reached for the editor's first request.
    case unreachable
    /// The server refused to start an MCP session.
    case refused
    /// The server's certificate chain verified but matched no pin.
    case untrusted
    /// The server wants authorization and none could be obtained.
    case unauthorized
}

public struct BridgeConfiguration: Sendable {
    public var server: RemoteServer
    public var mode: TransportMode
    /// What the editor may see of the server's tools and call (issue 17).
    public var toolGuard: ToolGuard
    /// The longest stdin line accepted; a longer one gets an error and is dropped.
    public var maxMessageBytes: Int
    /// OAuth for servers that answer 401; nil when the user passed their own `Authorization`.
    public var authorization: (any RequestAuthorizer)?
    /// `--protocol` and `--ping-interval`.
    public var era = EraAdapter.Options()
    /// `--initialize-timeout`: seconds after which an editor's first request that still waits
    /// for the user to authorize is answered with an error naming `mcp-warden login` (hosts cancel
    /// a slow `initialize`: Claude Desktop after 60 s); 0 never answers early.
    public var initializeTimeoutSeconds = 45

    public static let defaultMaxMessageBytes = 64 << 20

    public init(server: RemoteServer, mode: TransportMode, toolGuard: ToolGuard, maxMessageBytes: Int = defaultMaxMessageBytes) {
        self.server = server
        self.mode = mode
        self.toolGuard = toolGuard
        self.maxMessageBytes = maxMessageBytes
    }
}

/// The stdio pump: editor lines in, remote messages out. Every request whose remote leg fails
/// gets a JSON-RPC error with its id; nothing but JSON-RPC lines reaches stdout.
public final class Bridge: Sendable {
    private let configuration: BridgeConfiguration
    private let stdout = StdoutWriter()
    private let pending = Mutex(RequestTable())
    private let established = Mutex(false)
    private let authorizing = Mutex<AuthorizingTransport?>(nil)
    /// Set once the editor speaks the stateless 2026-07-28 era.
    private let statelessEra = Mutex(false)
    /// The id of a first request answered early at `--initialize-timeout`: its late answer is not
    /// written. `anyAnsweredEarly` spares every other answer the lock.
    private let answeredEarly = Mutex<JSONValue?>(nil)
    private let anyAnsweredEarly = Atomic<Bool>(false)
    private var log: Diagnostics { configuration.server.log }

    public init(configuration: BridgeConfiguration) {
        self.configuration = configuration
    }

    /// Runs until stdin ends or a signal arrives, then closes the remote session (bounded to
    /// well under a second) and returns. The pump runs on the HTTP engine's loop thread
    /// (`HTTPEngine.executor`): stdin, curl and stdout meet there without a thread switch.
    public func run() async -> BridgeOutcome {
        await withTaskExecutorPreference(loop) { await self.pump() }
    }

    private var loop: LoopExecutor { configuration.server.engine.executor }

    private func pump() async -> BridgeOutcome {
        signal(SIGPIPE, SIG_IGN)
        let reader = StdinReader(maxLineBytes: configuration.maxMessageBytes)
        let session = configuration.authorization
        let signals = Self.watchSignals {
            reader.stop()
            if let session { Task { await session.cancel() } }
        }
        defer { signals.forEach { $0.cancel() } }
        var authorizing: AuthorizingTransport?
        let transport = EraAdapter(options: configuration.era, server: configuration.server, deliver: { [weak self] message in await self?.emit(message) }) {
            [configuration] sink in
            let negotiating = NegotiatingTransport(server: configuration.server, mode: configuration.mode, sink: sink)
            authorizing = session.map { AuthorizingTransport(inner: negotiating, session: $0) }
            return authorizing ?? negotiating
        }
        self.authorizing.withLock { $0 = authorizing }
        reader.start(on: configuration.server.engine)
        var outcome = BridgeOutcome.finished
        for await piece in reader.pieces {
            switch piece {
            case .oversized(let count):
                await stdout.send(
                    line: JSONRPCError.response(
                        id: nil, code: JSONRPCError.invalidRequest,
                        message: "message of \(count) bytes exceeds the limit of \(configuration.maxMessageBytes) bytes; dropped"))
            case .line(let bytes):
                let message: JSONRPCMessage
                do {
                    message = try JSONRPCMessage.decode(bytes)
                } catch {
                    log.debug("stdin: \(error.message)")
                    await stdout.send(line: JSONRPCError.response(id: error.id, code: error.code, message: error.message))
                    continue
                }
                if let ended = await handle(message, transport: transport) {
                    outcome = ended
                }
            }
            if outcome != .finished || stdout.broken { break }
        }
        await Self.bounded(milliseconds: 800) { await transport.close() }
        // What the editor has not read yet still goes out, unless it stopped reading.
        await stdout.drain(milliseconds: 5000)
        return outcome
    }

    // MARK: editor → server

    /// Returns an outcome when the run must end.
    private func handle(_ message: JSONRPCMessage, transport: any ClientTransport) async -> BridgeOutcome? {
        switch message.kind {
        case .request(let id, let method):
            if method == "tools/call", let name = message.params?["name"]?.stringValue, let refusal = configuration.toolGuard.refusal(forCall: name) {
                // Refused here: nothing reaches the server (MCP: an unknown tool is -32602).
                await stdout.send(line: JSONRPCError.response(id: id, code: JSONRPCError.invalidParams, message: refusal.message, data: refusal.data))
                return nil
            }
            let editorStateless = message.isStateless
            let stateless = editorStateless || transport.speaksStatelessEra
            guard let serial = pending.withLock({ $0.admit(id: id, method: method, stateless: stateless) }) else {
                await stdout.send(line: JSONRPCError.response(id: id, code: JSONRPCError.invalidRequest, message: "request id is already in flight"))
                return nil
            }
            if editorStateless { statelessEra.withLock { $0 = true } }
            log.debug("→ \(method)")
            if !established.withLock({ $0 }) {
                // The first exchange picks the transport and the session: hold everything else until it is done.
                return await firstExchange(message, id: id, serial: serial, transport: transport)
            }
            let task = Task(executorPreference: loop) { await self.forward(message, id: id, serial: serial, transport: transport) }
            pending.withLock { $0.attach(task, to: id, serial: serial) }
            return nil
        case .notification(let method):
            if statelessEra.withLock({ $0 }) || transport.speaksStatelessEra {
                // The 2026-07-28 HTTP wire has no client-to-server notifications; a cancellation
                // is closing the request's stream (Streamable HTTP 2026-07-28 "Cancellation").
                if method == "notifications/cancelled", let target = message.params?["requestId"] { cancelStatelessRequest(target) }
                log.debug("\(method) is not sent in the stateless era")
                return nil
            }
            do { try await transport.send(message) } catch {
                log.warning("could not deliver \(method) to the server: \(error.message)")
            }
            return nil
        case .response, .errorResponse:
            do { try await transport.send(message) } catch {
                log.warning("could not deliver a response to the server: \(error.message)")
            }
            return nil
        }
    }

    private func firstExchange(_ message: JSONRPCMessage, id: JSONValue, serial: UInt64, transport: any ClientTransport) async -> BridgeOutcome? {
        if let error = await sendFirst(message, id: id, serial: serial, transport: transport) {
            await fail(id, serial: serial, error)
            let host = Self.displayName(of: configuration.server.url)
            switch error.code {
            case .unreachable where error.http?.code == .pinMismatch:
                log.error(
                    "refusing the MCP server at \(host): \(error.http?.message ?? error.message)",
                    hint: "a TLS-inspecting proxy or antivirus may be replacing the certificate, or the pins are outdated; nothing was sent to the server")
                return .untrusted
            case .unreachable:
                log.error(
                    "cannot reach the MCP server at \(host): \(error.http?.message ?? error.message)",
                    hint: error.http?.code != .tls
                        ? "check the URL and your network, proxy (HTTPS_PROXY) and firewall"
                        : error.http?.message.contains("HTTPS proxy") == true
                            ? "check the proxy's certificate (HTTPS_PROXY), or pass its CA with --ca-file"
                            : "check the server's certificate, or pass its CA with --ca-file")
                return .unreachable
            case .timeout:
                log.error(
                    "the MCP server at \(host) did not answer: \(error.message)",
                    hint:
                        "it accepted the request but sent no response within --response-timeout (\(configuration.server.responseTimeoutSeconds) s); check the server, or raise --response-timeout"
                )
                return .unreachable
            case .unauthorized:
                log.error("could not authorize with the MCP server at \(host): \(error.message)", hint: error.hint)
                return .unauthorized
            case .httpStatus where error.status == 401 || error.status == 403:
                log.error(
                    "the MCP server at \(host) refused the request (HTTP \(error.status ?? 0))",
                    hint: configuration.authorization == nil ? "the Authorization header given with --header was not accepted" : nil)
                return .unauthorized
            default:
                log.error("the MCP server at \(host) did not start a session: \(error.message)")
                return .refused
            }
        }
        established.withLock { $0 = true }
        settle(id, serial: serial)
        return nil
    }

    /// Sends the editor's first request; nil once it was answered. While it waits for the user to
    /// authorize, a watchdog answers the editor at `--initialize-timeout` with an error naming
    /// `mcp-warden login`, before the host gives up on its own; the authorization goes on, so
    /// the grant the user may still complete in the browser is kept (issue 16 item 3).
    private func sendFirst(_ message: JSONRPCMessage, id: JSONValue, serial: UInt64, transport: any ClientTransport) async -> TransportError? {
        let seconds = configuration.initializeTimeoutSeconds
        guard seconds > 0, let authorizing = authorizing.withLock({ $0 }), let authorizer = configuration.authorization else {
            do { try await transport.send(message) } catch { return error }
            return nil
        }
        let watchdog = Task(executorPreference: loop) { [weak self] in
            try? await Task.sleep(for: .seconds(seconds))
            guard !Task.isCancelled, authorizing.isAuthorizing, let self else { return }
            await self.answerEarly(id, serial: serial, login: authorizer.loginCommand, seconds: seconds)
        }
        defer { watchdog.cancel() }
        do { try await transport.send(message) } catch { return error }
        return nil
    }

    private func answerEarly(_ id: JSONValue, serial: UInt64, login: String, seconds: Int) async {
        answeredEarly.withLock { $0 = id }
        anyAnsweredEarly.store(true, ordering: .releasing)
        guard settle(id, serial: serial) else {
            answeredEarly.withLock { $0 = nil }
            return
        }
        let host = Self.displayName(of: configuration.server.url)
        log.warning(
            "authorization for \(host) is still waiting for you in the browser after \(seconds) s; the editor was told to run \(login). The browser flow stays open until --auth-timeout: finish it there and restart the server in the editor"
        )
        await stdout.send(
            line: JSONRPCError.response(
                id: id, code: JSONRPCError.internalError,
                message:
                    "mcp-warden: authorization for \(host) needs you: finish it in the browser window mcp-warden opened, or run \(login) in a terminal; then restart this server",
                data: .object(JSONObject([("login", .string(login)), ("transport", .string("unauthorized"))]))))
    }

    private func forward(_ message: JSONRPCMessage, id: JSONValue, serial: UInt64, transport: any ClientTransport) async {
        do {
            try await transport.send(message)
        } catch {
            if !Task.isCancelled { await fail(id, serial: serial, error) }
        }
        settle(id, serial: serial)
    }

    /// Removes the entry for `id` if it is still the one with `serial`; true when it was.
    @discardableResult
    private func settle(_ id: JSONValue, serial: UInt64) -> Bool {
        pending.withLock { $0.settle(id, serial: serial) }
    }

    @discardableResult
    private func cancelStatelessRequest(_ id: JSONValue) -> Bool {
        let task = pending.withLock { $0.cancelStateless(id) }
        guard let task else { return false }
        task?.cancel()
        return true
    }

    /// A JSON-RPC error for a request whose remote leg failed; a server's own JSON-RPC error is kept.
    /// Nothing is written when the request was answered already (its stream broke afterwards).
    private func fail(_ id: JSONValue, serial: UInt64, _ error: TransportError) async {
        guard settle(id, serial: serial) else { return }
        log.debug("✗ request failed: \(error.message)")
        if let serverError = error.serverError?.objectValue, let code = serverError["code"]?.intValue,
            let text = serverError["message"]?.stringValue
        {
            await stdout.send(line: JSONRPCError.response(id: id, code: code, message: text, data: serverError["data"]))
            return
        }
        var data = JSONObject([("transport", .string(error.code.rawValue))])
        if let status = error.status { data["httpStatus"] = .number(String(status)) }
        let code = error.code == .timeout ? JSONRPCError.requestTimeout : JSONRPCError.internalError
        await stdout.send(line: JSONRPCError.response(id: id, code: code, message: "mcp-warden: \(error.message)", data: .object(data)))
    }

    /// The server as messages name it: its host, never the whole URL, which may carry
    /// credentials (`https://user:secret@…`, refused by the trust policy) or keys in its query.
    static func displayName(of url: String) -> String {
        RequestTarget(url)?.host ?? "the given URL"
    }

    // MARK: server → editor

    /// Waits while the editor's backlog on stdout is full: the transport then stops reading the
    /// server (issue 14 "Backpressure end to end").
    private func emit(_ message: JSONRPCMessage) async {
        switch message.kind {
        case .response(let id), .errorResponse(let id):
            let late =
                anyAnsweredEarly.load(ordering: .acquiring)
                && answeredEarly.withLock { early in
                    guard early == id else { return false }
                    early = nil
                    return true
                }
            if late { return }
            // The answer settles the request: the id is free again for the editor.
            let answered = pending.withLock { $0.answer(id) }
            if answered?.method == "tools/list", case .response = message.kind, configuration.toolGuard.screensLists {
                // The one server message parsed here; the guard reads and writes its record
                // file, which must not block the loop thread.
                let guarded = configuration.toolGuard
                let line = await withTaskExecutorPreference(globalConcurrentExecutor) { guarded.screen(message) }
                await stdout.send(line: line)
                return
            }
        default:
            break
        }
        await stdout.send(line: message.line)
    }

    // MARK: lifecycle

    static func watchSignals(_ stop: @escaping @Sendable () -> Void) -> [DispatchSourceSignal] {
        [SIGTERM, SIGINT].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: stop)
            source.resume()
            return source
        }
    }

    /// Runs `work` but returns after `milliseconds` at most (an unstructured race: a task group
    /// would wait for a child that ignores cancellation).
    static func bounded(milliseconds: Int, _ work: @escaping @Sendable () async -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = Mutex<CheckedContinuation<Void, Never>?>(continuation)
            let finish: @Sendable () -> Void = {
                once.withLock {
                    $0?.resume(); $0 = nil
                }
            }
            Task {
                await work(); finish()
            }
            Task {
                try? await Task.sleep(for: .milliseconds(milliseconds)); finish()
            }
        }
    }
}
