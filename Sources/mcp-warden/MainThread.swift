// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// The main thread once the command runs as a task (`MCPWarden.main`): it does what libdispatch's
/// `dispatch_main` leaves the main thread doing under Swift's async main, without the
/// `pthread_exit` (and its forced unwind) that gets it there.
enum MainThread {
    /// Blocks the signals `dispatch_main` blocks (all but the synchronous faults, SIGPIPE and
    /// SIGPROF) in this thread and so in every thread it makes from now on: libdispatch's signal
    /// sources (the bridge's SIGTERM and SIGINT) expect them blocked in the threads that run code.
    static func blockSignals() {
        var mask = sigset_t()
        sigfillset(&mask)
        for kept in [SIGILL, SIGTRAP, SIGFPE, SIGBUS, SIGSEGV, SIGSYS, SIGPIPE, SIGPROF] { sigdelset(&mask, kept) }
        pthread_sigmask(SIG_BLOCK, &mask, nil)
    }

    /// Waits for signals until the process exits, every signal unblocked here, as
    /// `dispatch_main` leaves the main thread: a signal with no source (Ctrl-C during `login`)
    /// still takes its default action.
    static func park() -> Never {
        var none = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, nil)
        while true { sigsuspend(&none) }
    }
}
