// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP
import Synchronization

/// Picks the transport with the first message, as the spec's backwards-compatibility procedure
/// says (2025-11-25 transports "Backwards Compatibility"): POST the `initialize`; on 400, 404 or
/// 405 whose body is not a recognised modern JSON-RPC error, GET the URL as a legacy SSE stream.
/// Never on 401/403: those are for authorization. `sse-first` tries the other way round.
public final class NegotiatingTransport: ClientTransport, @unchecked Sendable {
    private let server: RemoteServer
    private let sink: MessageSink
    private let mode: TransportMode
    private let chosen = Mutex<(any ClientTransport)?>(nil)

    /// JSON-RPC errors of the 2026-07-28 era: a server sending them is modern, not legacy.
    static let modernErrorCodes: Set<String> = ["-32020", "-32021", "-32022"]

    public init(server: RemoteServer, mode: TransportMode, sink: @escaping MessageSink) {
        self.server = server
        self.mode = mode
        self.sink = sink
    }

    public func send(_ message: JSONRPCMessage) async throws(TransportError) {
        if let transport = chosen.withLock({ $0 }) {
            try await transport.send(message)
            return
        }
        let plan = mode.plan
        let first = make(plan.first)
        do {
            try await first.send(message)
            chosen.withLock { $0 = first }
        } catch {
            guard plan.fallback, !message.isStateless, Self.shouldFallBack(after: error, from: plan.first) else { throw error }
            await first.close()
            let other: TransportMode.Kind = plan.first == .streamableHTTP ? .legacySSE : .streamableHTTP
            server.log.info(
                "\(plan.first == .streamableHTTP ? "streamable http" : "legacy sse") was refused (\(error.message)); trying \(other == .legacySSE ? "legacy sse" : "streamable http")"
            )
            let second = make(other)
            try await second.send(message)
            chosen.withLock { $0 = second }
        }
    }

    public func close() async {
        await chosen.withLock({ $0 })?.close()
    }

    private func make(_ kind: TransportMode.Kind) -> any ClientTransport {
        switch kind {
        case .streamableHTTP: return StreamableHTTPClient(server: server, sink: sink)
        case .legacySSE: return LegacySSEClient(server: server, sink: sink)
        }
    }

    static func shouldFallBack(after error: TransportError, from kind: TransportMode.Kind) -> Bool {
        switch kind {
        case .streamableHTTP:
            guard error.code == .httpStatus, let status = error.status, [400, 404, 405].contains(status) else { return false }
            // 404 with -32601 is a server of the 2026-07-28 era that does not know `initialize`.
            if ProtocolEra.refusesHandshake(error) { return false }
            if let code = error.serverError?["code"], case .number(let literal) = code, modernErrorCodes.contains(literal) { return false }
            return true
        case .legacySSE:
            if error.code == .httpStatus, let status = error.status { return status != 401 && status != 403 && (400..<500).contains(status) }
            return error.code == .protocolViolation
        }
    }
}
