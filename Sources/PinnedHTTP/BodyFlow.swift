// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Flow control between a transfer's body callback (the engine's loop thread) and the task that
/// reads the body (issue 14 "Backpressure end to end", DESIGN invariant 11): at most `limit`
/// bytes wait between them. When the reader is that far behind, the callback answers
/// `CURL_WRITEFUNC_PAUSE` — curl keeps the chunk and stops reading the socket, so the server is
/// pushed back by TCP — and once the reader has taken most of the backlog, the transfer resumes
/// where it stopped. Nothing is dropped.
final class BodyFlow: Sendable {
    /// Bytes that may wait for the reader before the transfer pauses.
    static let limit = 1 << 20

    private struct State {
        var queued = 0
        var paused = false
        var wake: (@Sendable () -> Void)?
    }

    private let state = Mutex(State())

    /// What resumes the transfer (posted to the loop thread); set once the transfer is live.
    func onResume(_ wake: @escaping @Sendable () -> Void) {
        state.withLock { $0.wake = wake }
    }

    /// Loop thread, for a chunk about to be queued: false when the reader is behind (the
    /// transfer is then paused and the chunk delivered again after `consumed` resumes it).
    func admit(_ count: Int) -> Bool {
        state.withLock { state in
            if state.queued > 0, state.queued + count > Self.limit {
                state.paused = true
                return false
            }
            state.queued += count
            return true
        }
    }

    /// The reader took a chunk of `count` bytes.
    func consumed(_ count: Int) {
        let wake = state.withLock { state -> (@Sendable () -> Void)? in
            state.queued -= count
            guard state.paused, state.queued <= Self.limit / 4 else { return nil }
            state.paused = false
            return state.wake
        }
        wake?()
    }

    /// True while the transfer waits for the reader (tests).
    var isPaused: Bool { state.withLock { $0.paused } }
}

/// A response as it arrives: the head, then body chunks. Reading it moves the transfer's flow
/// control (`BodyFlow`); dropping it, or cancelling the task that reads it, ends the transfer.
public struct HTTPEventStream: AsyncSequence, Sendable {
    public typealias Element = HTTPEvent

    enum Source: Sendable {
        /// A transfer's events (`HTTPEngine.stream`).
        case transfer(HTTPEventReader)
        /// Events built in code (tests).
        case events(AsyncThrowingStream<HTTPEvent, Error>)
    }

    let source: Source
    let flow: BodyFlow?

    /// A stream without flow control (tests, and responses built in code).
    public init(_ events: AsyncThrowingStream<HTTPEvent, Error>) {
        source = .events(events)
        flow = nil
    }

    init(_ channel: HTTPEventChannel, flow: BodyFlow) {
        source = .transfer(HTTPEventReader(channel))
        self.flow = flow
    }

    public func makeAsyncIterator() -> AsyncIterator {
        switch source {
        case .transfer(let reader): AsyncIterator(reader: reader, events: nil, flow: flow)
        case .events(let events): AsyncIterator(reader: nil, events: events.makeAsyncIterator(), flow: flow)
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let reader: HTTPEventReader?
        var events: AsyncThrowingStream<HTTPEvent, Error>.AsyncIterator?
        let flow: BodyFlow?

        public mutating func next() async throws -> HTTPEvent? {
            let event = if let reader { try await reader.channel.next() } else { try await events?.next() }
            if case .body(let chunk)? = event { flow?.consumed(chunk.count) }
            return event
        }
    }
}
