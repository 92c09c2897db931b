// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CCurl
import Glibc
import Synchronization

/// Runs Swift tasks on the engine's loop thread, between rounds of curl's work (issue 15 "fewer
/// hops"). A task that prefers this executor (`Task(executorPreference:)`,
/// `withTaskExecutorPreference`) reads stdin, starts its transfer, is resumed by that transfer's
/// callbacks and writes stdout all on one thread: no thread switch between the editor's line and
/// the server's answer. A job enqueued from another thread wakes the loop.
///
/// What runs here must not block: file locks, the browser flow and other slow work leave with
/// `withTaskExecutorPreference(globalConcurrentExecutor)`.
public final class LoopExecutor: TaskExecutor, @unchecked Sendable {
    private struct Queue {
        var jobs: [UnownedJob] = []
        /// Set when the loop has ended: jobs go to the global executor from then on.
        var retired = false
    }

    private let queue = Mutex(Queue())
    private let wake: @Sendable () -> Void
    /// The loop thread, once it runs (compared with `pthread_self`).
    private let loopThread = Mutex<pthread_t?>(nil)

    init(wake: @escaping @Sendable () -> Void) {
        self.wake = wake
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let retired = queue.withLock { queue -> Bool in
            guard !queue.retired else { return true }
            queue.jobs.append(job)
            return false
        }
        if retired {
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
            return
        }
        if !isLoopThread { wake() }
    }

    public func asUnownedTaskExecutor() -> UnownedTaskExecutor {
        UnownedTaskExecutor(ordinary: self)
    }

    /// True on the loop thread.
    public var isLoopThread: Bool {
        guard let loop = loopThread.withLock({ $0 }) else { return false }
        return pthread_equal(loop, pthread_self()) != 0
    }

    // MARK: loop thread

    func attach() {
        loopThread.withLock { $0 = pthread_self() }
    }

    var hasJobs: Bool { queue.withLock { !$0.jobs.isEmpty } }

    /// Runs the queued jobs and those they queue, for a few rounds at most: a request's task
    /// usually starts another (the bridge spawns one per request) before it reaches curl, and
    /// curl must still get its turn when tasks keep waking each other.
    func runQueued(rounds: Int = 4) {
        let executor = asUnownedTaskExecutor()
        for _ in 0..<rounds {
            let jobs = queue.withLock { queue -> [UnownedJob] in
                let taken = queue.jobs
                queue.jobs.removeAll(keepingCapacity: true)
                return taken
            }
            if jobs.isEmpty { return }
            for job in jobs { job.runSynchronously(on: executor) }
        }
    }

    /// The loop has ended: what is queued, and what comes later, runs on the global executor.
    func retire() {
        let jobs = queue.withLock { queue -> [UnownedJob] in
            queue.retired = true
            let taken = queue.jobs
            queue.jobs.removeAll()
            return taken
        }
        for job in jobs { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }
}

/// A file descriptor the loop polls beside curl's sockets (the editor's stdin).
public struct WatchedDescriptor: Sendable {
    public let fd: Int32
    /// Runs on the loop thread when the descriptor is readable or hung up; returns false to stop
    /// watching it.
    public let onReadable: @Sendable () -> Bool

    public init(fd: Int32, onReadable: @escaping @Sendable () -> Bool) {
        self.fd = fd
        self.onReadable = onReadable
    }
}
