// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CCurl
import COpenSSL
import Glibc
import Synchronization

/// The network stack's one-time start-up, moved off the path to the first request: loading
/// libcurl and its dependencies (Sources/CCurl/curl_loader.c), `curl_global_init` (which loads
/// OpenSSL's configuration) and OpenSSL's algorithm tables (`cossl_warm_up`). `begin()` runs it
/// on a thread of its own at process start, while the command line is parsed. The first engine
/// waits for libcurl (the same once-only initialisers), and fills OpenSSL's tables meanwhile
/// if that thread has not got to them yet (`readyForEngine`).
///
/// Nothing is skipped or weakened: the same library calls run, earlier and in parallel.
public enum HTTPStartup {
    private enum State {
        case notBegun
        case running(pthread_t)
        /// Joined, never started, or `finish()` came first.
        case over
    }

    private static let state = Mutex(State.notBegun)

    /// Starts the work on a thread of its own (once; later calls do nothing): libcurl first
    /// (an engine needs it first), then OpenSSL's tables. One thread, not two: with two cores,
    /// a third runnable thread slowed the parsing more than it won (interleaved starts).
    /// Without the thread, each piece happens when first needed, as before.
    public static func begin() {
        state.withLock { state in
            guard case .notBegun = state else { return }
            var made = pthread_t()
            let started = pthread_create(
                &made, nil,
                { _ in
                    CurlGlobal.initialize()
                    HTTPStartup.warmOpenSSL()
                    return nil
                }, nil)
            state = started == 0 ? .running(made) : .over
        }
    }

    /// Waits until `begin()`'s thread has ended; at once when there is none (a `begin()` after
    /// this does nothing). Call it before the process exits: the thread's end runs OpenSSL's
    /// per-thread clean-up (random generators, error state), which must be over before
    /// OpenSSL's exit handler frees what it uses (a crash in 1 of 60 runs of `status` when
    /// only the work itself was waited for).
    public static func finish() {
        let previous = state.withLock { state -> State in
            defer { state = .over }
            return state
        }
        if case .running(let thread) = previous { pthread_join(thread, nil) }
    }

    /// OpenSSL's tables, filled once by whichever thread comes first.
    private static let openSSLWarm: Void = cossl_warm_up()

    static func warmOpenSSL() { _ = openSSLWarm }

    /// What an engine calls before it uses libcurl: when libcurl is still loading, the wait
    /// fills OpenSSL's tables, which the engine's trust store, the vault and the first TLS
    /// connection need next (else both threads met on OpenSSL's locks: the first request went
    /// to curl 1.7 ms later, traced starts); then `curl_global_init`, once.
    static func readyForEngine() {
        if ccurl_is_loaded() == 0 { warmOpenSSL() }
        CurlGlobal.initialize()
    }

    /// Why libcurl cannot be used in this process (it is not installed, or not the OpenSSL
    /// build), or nil when it is loaded.
    public static var unavailableReason: String? {
        ccurl_load_error().map { String(cString: $0) }
    }
}
