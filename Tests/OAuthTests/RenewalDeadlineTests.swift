// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization
import Testing

@testable import OAuth

/// A renewal is bounded as a whole by `--auth-timeout` (DESIGN.md invariant 11, issue 14 item 3):
/// when the time is up, waiting requests get the timeout at once, even from work that is slow to
/// notice its cancellation; a renewal that finishes in time keeps its own result.
struct RenewalDeadlineTests {
    /// Work that ignores cancellation for `milliseconds` (a renewal stuck where it cannot be interrupted).
    private static func stubborn(_ milliseconds: Int, cancelled: Flag) async -> Result<Void, OAuthError> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Task.detached {
                try? await Task.sleep(for: .milliseconds(milliseconds))
                continuation.resume()
            }
        }
        if Task.isCancelled { cancelled.set() }
        return .success(())
    }

    final class Flag: Sendable {
        private let value = Mutex(false)
        func set() { value.withLock { $0 = true } }
        var isSet: Bool { value.withLock { $0 } }
    }

    @Test func aStuckRenewalEndsAtTheDeadlineNamingWhatItWaitedFor() async {
        let progress = RenewalProgress()
        progress.waiting(for: "the token endpoint https://as.example/token")
        let cancelled = Flag()
        let started = ContinuousClock.now
        let result = await RenewalDeadline.run(limit: .milliseconds(200), limitSeconds: 5, progress: progress) {
            await Self.stubborn(8000, cancelled: cancelled)
        }
        // Well before the work's 8 s (generous: the test suite shares 2 cores with itself).
        #expect(ContinuousClock.now - started < .milliseconds(6000))
        guard case .failure(let error) = result else { Issue.record("a stuck renewal succeeded"); return }
        #expect(error.code == .timedOut)
        #expect(
            error.message
                == "the authorization did not finish within 5 s (--auth-timeout): it was still waiting for the token endpoint https://as.example/token")
        #expect(error.hint == "the server accepted the request and sent no answer; check that it is up")
        // The work was told to stop, and noticed once it looked.
        let deadline = ContinuousClock.now + .seconds(20)
        while !cancelled.isSet, ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(100)) }
        #expect(cancelled.isSet)
    }

    @Test func aRenewalThatFinishesInTimeKeepsItsResult() async {
        let started = ContinuousClock.now
        let refused = await RenewalDeadline.run(limit: .seconds(30), limitSeconds: 30, progress: RenewalProgress()) {
            .failure(OAuthError(.tokenRefused, "refused", oauthError: "invalid_grant"))
        }
        guard case .failure(let error) = refused else { Issue.record("the work's failure was lost"); return }
        #expect(error.oauthError == "invalid_grant")
        let done = await RenewalDeadline.run(limit: .seconds(30), limitSeconds: 30, progress: RenewalProgress()) { .success(()) }
        #expect((try? done.get()) != nil)
        #expect(ContinuousClock.now - started < .seconds(20))  // not the 30 s limit
    }

    @Test func cancellingTheCallerCancelsTheRenewal() async {
        let task = Task {
            await RenewalDeadline.run(limit: .seconds(30), limitSeconds: 30, progress: RenewalProgress()) {
                do { try await Task.sleep(for: .seconds(30)) } catch { return .failure(OAuthError(.cancelled, "cancelled")) }
                return .success(())
            }
        }
        try? await Task.sleep(for: .milliseconds(100))
        task.cancel()
        guard case .failure(let error) = await task.value else { Issue.record("a cancelled renewal succeeded"); return }
        #expect(error.code == .cancelled)
    }

    @Test func aBrowserThatDoesNotComeBackIsNamedWithItsRemedy() {
        let error = RenewalDeadline.timeoutError(
            limitSeconds: 300, waitingFor: "the browser: the redirect from https://as.example to http://127.0.0.1:20000/oauth/callback")
        #expect(error.message.hasSuffix("it was still waiting for the browser: the redirect from https://as.example to http://127.0.0.1:20000/oauth/callback"))
        #expect(error.hint == "finish the authorization in the browser in time, or raise --auth-timeout")
    }
}

/// The browser wait ends with the renewal; its message names whole seconds (`--auth-timeout`).
struct BrowserWaitTests {
    @Test func theTimeLeftIsRoundedUpToWholeSeconds() {
        let now = ContinuousClock.now
        #expect(AuthorizationFlow.wholeSeconds(until: now + .milliseconds(4974), now: now) == 5)
        #expect(AuthorizationFlow.wholeSeconds(until: now + .seconds(300), now: now) == 300)
        #expect(AuthorizationFlow.wholeSeconds(until: now - .seconds(3), now: now) == 1)
    }
}
