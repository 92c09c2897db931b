// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing

@testable import PinnedHTTP

/// The channel between curl's callbacks and the reading task: nothing lost, nothing left
/// running when the reader stops (issue 15's replacement for `AsyncThrowingStream`).
struct HTTPEventChannelTests {
    private static let head = HTTPEvent.head(HTTPResponseHead(status: 200, headers: []))

    @Test func eventsQueuedBeforeTheEndAreReadThenTheEnd() async throws {
        let channel = HTTPEventChannel()
        channel.yield(Self.head)
        channel.yield(.body([1, 2]))
        channel.finish()
        channel.yield(.body([3]))  // after the end: dropped
        guard case .head? = try await channel.next() else { Issue.record("no head first"); return }
        guard case .body(let chunk)? = try await channel.next() else { Issue.record("no body"); return }
        #expect(chunk == [1, 2])
        #expect(try await channel.next() == nil)
        #expect(try await channel.next() == nil)
    }

    @Test func aWaitingReaderGetsWhatArrivesLater() async throws {
        let channel = HTTPEventChannel()
        async let first = channel.next()
        try await Task.sleep(for: .milliseconds(20))
        channel.yield(.body([9]))
        guard case .body(let chunk)? = try await first else { Issue.record("the waiting reader got nothing"); return }
        #expect(chunk == [9])
    }

    @Test func anErrorEndsTheStreamAfterTheQueuedEvents() async throws {
        let channel = HTTPEventChannel()
        channel.yield(.body([1]))
        channel.finish(throwing: HTTPError(code: .timeout, host: "h", message: "no response within 1 s"))
        #expect(try await channel.next() != nil)
        await #expect(throws: HTTPError.self) { try await channel.next() }
    }

    @Test func cancellingTheReadingTaskReturnsNilAndEndsTheTransferOnce() async throws {
        let channel = HTTPEventChannel()
        let ended = Mutex(0)
        channel.onTermination { ended.withLock { $0 += 1 } }
        let reader = Task { try await channel.next() }
        try await Task.sleep(for: .milliseconds(20))
        reader.cancel()
        #expect(try await reader.value == nil)
        channel.cancel()
        #expect(ended.withLock { $0 } == 1)
    }

    @Test func droppingTheStreamEndsTheTransferButACleanEndDoesNot() async throws {
        let dropped = HTTPEventChannel()
        let droppedEnded = Mutex(false)
        dropped.onTermination { droppedEnded.withLock { $0 = true } }
        do {
            let stream = HTTPEventStream(dropped, flow: BodyFlow())
            var iterator = stream.makeAsyncIterator()
            dropped.yield(Self.head)
            _ = try await iterator.next()
        }
        #expect(droppedEnded.withLock { $0 })

        let finished = HTTPEventChannel()
        let finishedEnded = Mutex(false)
        finished.onTermination { finishedEnded.withLock { $0 = true } }
        do {
            let stream = HTTPEventStream(finished, flow: BodyFlow())
            finished.finish()
            withExtendedLifetime(stream) {}
        }
        #expect(!finishedEnded.withLock { $0 })
    }
}
