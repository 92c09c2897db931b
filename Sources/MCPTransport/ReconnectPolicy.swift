// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// When a broken event stream is opened again, and when it is given up: one rule for every
/// stream of the transports, with a limit per kind of stream (presets below).
///
/// The wait before reconnection `n` (1-based) is the server's last `retry:` value (WHATWG HTML
/// §9.2.6, "reconnection time"; MCP 2025-11-25 transports "Resumability and Redelivery": the
/// client SHOULD respect it), or 1 s when it sent none, doubled for each reconnection that failed
/// before it (at most 2⁵ times), never more than 30 s. The server's value is capped before it is
/// doubled, so a huge `retry:` cannot overflow.
public struct ReconnectPolicy: Sendable, Equatable {
    /// Reconnections tried in a row before the stream is given up; 0 never reconnects.
    public let maxAttempts: Int

    public static let defaultDelayMilliseconds = 1000
    public static let maxDelayMilliseconds = 30_000

    public enum Decision: Sendable, Equatable {
        case reconnect(afterMilliseconds: Int)
        case giveUp
    }

    public init(maxAttempts: Int) {
        self.maxAttempts = max(maxAttempts, 0)
    }

    /// What to do before reconnection number `attempt` (1 for the first after a break; every
    /// reconnection that failed since the stream last worked adds one).
    public func decide(attempt: Int, serverRetryMilliseconds: Int?) -> Decision {
        guard attempt >= 1, attempt <= maxAttempts else { return .giveUp }
        let base = min(max(serverRetryMilliseconds ?? Self.defaultDelayMilliseconds, 0), Self.maxDelayMilliseconds)
        return .reconnect(afterMilliseconds: min(base << min(attempt - 1, 5), Self.maxDelayMilliseconds))
    }

    /// A request's response stream that ended before its response (Streamable HTTP): a GET with
    /// `Last-Event-ID`. Five tries: the editor's request waits meanwhile, about 31 s at most
    /// with the default delay, half of the default `--response-timeout`.
    public static let responseStream = ReconnectPolicy(maxAttempts: 5)

    /// The session's GET stream for server-initiated messages (Streamable HTTP, session era): it
    /// may stay open for hours and a restarting server breaks it once, so it gets more tries;
    /// a stream that opens again resets the count. The session goes on without it after that.
    public static let listeningStream = ReconnectPolicy(maxAttempts: 8)

    /// The legacy HTTP+SSE stream (2024-11-05) is the session itself: its `endpoint` names the
    /// session, and a new stream is a new session that the editor never initialized. Never
    /// reconnected; the editor is told the session ended.
    public static let legacySession = ReconnectPolicy(maxAttempts: 0)
}
