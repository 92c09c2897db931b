// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Platform

/// An advisory lock (flock(2)) on one vault entry, held by at most one process, and one holder
/// within a process, at a time. Released by `release()` or when the value goes away, and by the
/// kernel when the process dies, so a killed process never leaves a stale lock.
public final class EntryLock: @unchecked Sendable {
    private var fd: Int32

    private init(fd: Int32) { self.fd = fd }

    deinit { release() }

    public func release() {
        if fd >= 0 { close(fd); fd = -1 }
    }

    /// The lock when it is free now, nil when someone else holds it.
    public static func attempt(_ path: String) throws(VaultError) -> EntryLock? {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard fd >= 0 else { throw VaultError(.io, "cannot open the lock \(path): \(PrivateFiles.errorText())") }
        if Syscall.retrying({ flock(fd, LOCK_EX | LOCK_NB) }) != 0 {
            let failure = errno
            close(fd)
            if failure == EWOULDBLOCK { return nil }
            throw VaultError(.io, "cannot lock \(path): \(String(cString: strerror(failure)))")
        }
        return EntryLock(fd: fd)
    }

    /// Waits up to `timeout` seconds for the lock (polling every 20 ms; flock has no timeout).
    public static func acquire(_ path: String, timeout: Double) throws(VaultError) -> EntryLock {
        let deadline = Monotonic.seconds() + timeout
        while true {
            if let lock = try attempt(path) { return lock }
            guard Monotonic.seconds() < deadline else {
                throw VaultError(.busy, "another mcp-warden held \(path) for more than \(Int(timeout)) s")
            }
            usleep(20_000)
        }
    }
}

enum Monotonic {
    static func seconds() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
