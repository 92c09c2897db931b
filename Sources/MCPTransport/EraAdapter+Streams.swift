// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// The adapter's long-lived work: keep-alive pings (handshake era) and the `subscriptions/listen`
/// stream a translated editor's change notifications arrive on (2026-07-28 "Subscriptions").
extension EraAdapter {
    /// Pings every `--ping-interval` seconds while the session lives; the answers are not the
    /// editor's. A ping that fails three times running is reported once.
    func startKeepAlive() {
        let seconds = options.pingIntervalSeconds
        guard seconds > 0 else { return }
        let task = Task { [weak self] in
            var failures = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(seconds))
                guard let self, !Task.isCancelled else { return }
                let id = self.mintID("ping")
                do {
                    _ = try await self.exchangePrivately(["jsonrpc": .string("2.0"), "id": id, "method": .string("ping")], id: id)
                    failures = 0
                } catch {
                    failures += 1
                    if failures == 3 { self.server.log.warning("keep-alive pings to the server fail: \(error)") }
                }
            }
        }
        replace(\.keepAlive, with: task)
    }

    /// (Re)opens the listen stream with the current filter; none when the filter is empty. The
    /// server holds no subscription state (stateless era), so a changed filter is a new stream.
    func restartListening() {
        let filter = state.withLock { $0.listenFilter }
        guard !filter.isEmpty else {
            replace(\.listener, with: nil)
            return
        }
        let task = Task { [weak self] () async -> Void in
            guard let self else { return }
            await self.listen(filter: filter)
        }
        replace(\.listener, with: task)
    }

    private func listen(filter: JSONObject) async {
        var failures = 0
        while !Task.isCancelled {
            let id = mintID("listen")
            let initialize = state.withLock { $0.initialize }
            var params = ProtocolEra.statelessParams(nil, initialize: initialize, logLevel: nil)
            params["notifications"] = .object(filter)
            server.log.debug("opening a subscriptions/listen stream")
            do {
                // Returns when the server ends the subscription gracefully (its response).
                _ = try await exchangePrivately(
                    ["jsonrpc": .string("2.0"), "id": id, "method": .string("subscriptions/listen"), "params": .object(params)], id: id)
                failures = 0
            } catch {
                if Task.isCancelled { return }
                failures += 1
                let text = "the server's subscriptions/listen stream: \(error.message)"
                if failures >= 3 { server.log.warning(text) } else { server.log.debug(text) }
            }
            guard !Task.isCancelled,
                case .reconnect(let milliseconds) = ReconnectPolicy.listeningStream.decide(attempt: failures + 1, serverRetryMilliseconds: nil)
            else { return }
            try? await Task.sleep(for: .milliseconds(milliseconds))
        }
    }

    /// Installs `task` in the state slot, cancelling what was there; a closed adapter keeps none.
    private func replace(_ slot: WritableKeyPath<State, Task<Void, Never>?>, with task: Task<Void, Never>?) {
        let (stale, closed) = state.withLock { state -> (Task<Void, Never>?, Bool) in
            let stale = state[keyPath: slot]
            state[keyPath: slot] = state.closed ? nil : task
            return (stale, state.closed)
        }
        stale?.cancel()
        if closed { task?.cancel() }
    }
}
