// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// What a renewal is waiting for right now ("the token endpoint https://…/token"), so a renewal
/// that runs out of time can say what hung. Shared by every copy of an `OAuthHTTP`; never holds a
/// secret (URLs of endpoints and metadata, an origin, a port).
final class RenewalProgress: Sendable {
    private let step = Mutex("the start of the authorization")

    func waiting(for what: String) {
        step.withLock { $0 = what }
    }

    var current: String { step.withLock { $0 } }
}

/// A whole renewal (cross-process lock, discovery, registration, browser, token request; or a
/// refresh with its retries) is bounded by `--auth-timeout`, measured from its start (DESIGN.md
/// invariant 11): when the time is up the work is cancelled and every request waiting for it gets
/// the timeout, at once, even if the work is slow to notice the cancellation. The session then
/// starts afresh on the next 401: a stuck renewal never blocks later ones.
enum RenewalDeadline {
    /// Runs `work` until it returns or `limit` passes; cancelling the caller cancels `work`.
    /// `limitSeconds` only words the timeout error.
    static func run(
        limit: Duration, limitSeconds: Int, progress: RenewalProgress,
        _ work: @escaping @Sendable () async -> Result<Void, OAuthError>
    ) async -> Result<Void, OAuthError> {
        let inner = Task { await work() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<Void, OAuthError>, Never>) in
                let once = Mutex<CheckedContinuation<Result<Void, OAuthError>, Never>?>(continuation)
                let finish: @Sendable (Result<Void, OAuthError>) -> Void = { result in
                    once.withLock {
                        $0?.resume(returning: result); $0 = nil
                    }
                }
                let timer = Task {
                    guard (try? await Task.sleep(for: limit)) != nil else { return }
                    inner.cancel()
                    finish(.failure(timeoutError(limitSeconds: limitSeconds, waitingFor: progress.current)))
                }
                Task {
                    finish(await inner.value)
                    timer.cancel()
                }
            }
        } onCancel: {
            inner.cancel()
        }
    }

    /// What the editor and the terminal are told: what hung (the bridge adds what to run).
    static func timeoutError(limitSeconds: Int, waitingFor step: String) -> OAuthError {
        OAuthError(
            .timedOut, "the authorization did not finish within \(limitSeconds) s (--auth-timeout): it was still waiting for \(step)",
            hint: step.hasPrefix("the browser")
                ? "finish the authorization in the browser in time, or raise --auth-timeout"
                : "the server accepted the request and sent no answer; check that it is up")
    }
}
