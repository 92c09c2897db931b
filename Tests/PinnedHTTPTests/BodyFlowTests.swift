// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing

@testable import PinnedHTTP

/// Issue 14 "Backpressure end to end": at most `BodyFlow.limit` bytes wait for a body's reader;
/// past that the transfer pauses, and it resumes once the reader has taken most of the backlog.
struct BodyFlowTests {
    @Test func aTransferPausesWhenTheReaderIsBehindAndResumesWhenItCatchesUp() {
        let flow = BodyFlow()
        let wakes = Atomic<Int>(0)
        flow.onResume { wakes.add(1, ordering: .relaxed) }
        let chunk = 16 << 10
        var admitted = 0
        while flow.admit(chunk) { admitted += chunk }
        #expect(admitted <= BodyFlow.limit && admitted > BodyFlow.limit - chunk)
        #expect(flow.isPaused)
        // Taking a little is not enough to resume: no wake-up storm.
        flow.consumed(chunk)
        #expect(wakes.load(ordering: .relaxed) == 0 && flow.isPaused)
        var left = admitted - chunk
        while left > BodyFlow.limit / 4 {
            flow.consumed(chunk)
            left -= chunk
        }
        #expect(wakes.load(ordering: .relaxed) == 1 && !flow.isPaused)
        // The held chunk is admitted on redelivery.
        #expect(flow.admit(chunk))
    }

    @Test func oneChunkLargerThanTheLimitStillPassesWhenNothingWaits() {
        let flow = BodyFlow()
        #expect(flow.admit(BodyFlow.limit * 3))
        #expect(!flow.admit(1))
        flow.consumed(BodyFlow.limit * 3)
        #expect(flow.admit(1))
    }
}
