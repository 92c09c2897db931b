// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CSecretService
import Glibc
import Platform
import Synchronization

/// The vault key in the freedesktop.org Secret Service (gnome-keyring, KeePassXC, KWallet…) over the
/// D-Bus session bus, through libsecret loaded at run time (issue 5 "Key providers": "the Secret
/// Service over D-Bus (libsecret) when a session bus and a keyring answer").
///
/// One item per vault directory: schema `dev.mcp-warden.VaultKey`, attributes
/// `application=mcp-warden` and `vault=<directory>`, secret the key as 64 hex digits, in the default
/// collection. `secret-tool lookup application mcp-warden vault <directory>` shows it.
///
/// Every call is time-boxed (issue 5: "every keyring call is time-boxed (3 s)"): it runs on a
/// detached thread of its own and the caller waits at most `timeout` seconds, then throws
/// `.keyProvider`. A keyring that never answers (a prompt nobody sees, a hung daemon) costs one
/// parked thread, never a hung editor. No message carries the key (DESIGN.md invariant 2): the
/// hex form exists only in the C shim, which wipes it.
public struct SecretServiceKeyring: Keyring {
    public var name: String { "Secret Service (D-Bus)" }
    public var source: KeySource { .secretService }
    /// Seconds a caller waits for an answer.
    public let timeout: Int
    private let stalled = StalledCalls()

    init(timeout: Int) {
        self.timeout = timeout
    }

    /// The keyring when a session bus is configured, else nil and why not. Nothing is loaded or
    /// sent here: libsecret is loaded by the first call (dlopen costs 1–4 ms, which a start that
    /// only reads a key-file vault should not pay), and whether a keyring answers shows then.
    /// libsecret reads the bus address from the process environment; `environment` is that
    /// environment, passed in so the decision can be tested.
    public static func connect(environment: [String: String], timeout: Int = 3) -> (keyring: SecretServiceKeyring?, unavailable: String) {
        guard let bus = environment["DBUS_SESSION_BUS_ADDRESS"], !bus.isEmpty else {
            return (nil, "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)")
        }
        return (SecretServiceKeyring(timeout: timeout), "")
    }

    /// Loads libsecret once per process (thread-safe, idempotent).
    static func loadLibrary() throws(VaultError) {
        var missing: UnsafePointer<CChar>?
        switch csecret_load(&missing) {
        case 0: return
        case 1: throw VaultError(.keyProvider, "libsecret-1.so.0 is not installed")
        default: throw VaultError(.keyProvider, "libsecret-1.so.0 has no \(missing.map { String(cString: $0) } ?? "expected function")")
        }
    }

    public func lookup(vault: String) throws(VaultError) -> [UInt8]? {
        let call = try run(.lookup, vault: vault, key: nil)
        switch call.result {
        case 1: return Array(UnsafeBufferPointer(start: call.key, count: Int(CSECRET_KEY_LENGTH)))
        case 0: return nil
        case -2:
            throw VaultError(
                .keyProvider, "the secret \(name) holds for \(vault) is not a 256-bit key (64 hex digits)",
                hint: "remove it with: secret-tool clear application mcp-warden vault '\(vault)'")
        default: throw failure(call, "looking up the vault key")
        }
    }

    public func store(_ key: [UInt8], vault: String) throws(VaultError) {
        guard key.count == Int(CSECRET_KEY_LENGTH) else {
            throw VaultError(.keyProvider, "a vault key is 256 bits, not \(key.count * 8)")
        }
        let call = try run(.store, vault: vault, key: key)
        guard call.result == 1 else { throw failure(call, "storing the vault key") }
    }

    public func remove(vault: String) throws(VaultError) -> Bool {
        let call = try run(.clear, vault: vault, key: nil)
        guard call.result >= 0 else { throw failure(call, "removing the vault key") }
        return call.result == 1
    }

    /// The keyring's own words (a GError message: D-Bus and keyring errors, never the secret).
    private func failure(_ call: KeyringCall, _ doing: String) -> VaultError {
        var reason = Substring(String(cString: call.error))
        while let last = reason.last, last.isWhitespace { reason.removeLast() }
        return VaultError(.keyProvider, "\(name) failed \(doing): \(reason)")
    }

    /// Starts `operation` on its own thread and waits for it at most `timeout` seconds.
    private func run(_ operation: KeyringCall.Operation, vault: String, key: [UInt8]?) throws(VaultError) -> KeyringCall {
        try Self.loadLibrary()
        if stalled.count > 0 {
            // A thread is still blocked in an earlier call: do not park another one behind it.
            throw VaultError(.keyProvider, "\(name) did not answer within \(timeout) s (an earlier call is still waiting)")
        }
        let call = KeyringCall(operation, vault: vault, key: key)
        guard call.start() else {
            throw VaultError(.keyProvider, "cannot start a thread to call \(name)")
        }
        guard call.wait(seconds: timeout, stalled: stalled) else {
            throw VaultError(
                .keyProvider, "\(name) did not answer within \(timeout) s",
                hint: "a locked keyring may be waiting at an unlock prompt nobody sees")
        }
        return call
    }
}

/// How many calls of a keyring were abandoned at their time limit and are still running.
final class StalledCalls: Sendable {
    private let value = Atomic<Int>(0)
    var count: Int { value.load(ordering: .acquiring) }
    func add(_ delta: Int) { value.add(delta, ordering: .acquiringAndReleasing) }
}

/// One keyring call, shared by the caller and the thread that makes it. Both hold a reference;
/// whichever lets go last frees it, so a call abandoned at its time limit writes into memory that
/// is still its own. The key buffer is wiped when the call is freed.
final class KeyringCall: @unchecked Sendable {
    enum Operation { case lookup, store, clear }

    static let errorSize = 1024
    let operation: Operation
    let vault: UnsafeMutablePointer<CChar>
    let key: UnsafeMutablePointer<UInt8>
    let error: UnsafeMutablePointer<CChar>
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let condition: UnsafeMutablePointer<pthread_cond_t>
    // Guarded by `mutex`.
    private(set) var result: Int32 = -1
    private var finished = false
    private var abandonedTo: StalledCalls?

    init(_ operation: Operation, vault: String, key: [UInt8]?) {
        self.operation = operation
        self.vault = strdup(vault)
        self.key = .allocate(capacity: Int(CSECRET_KEY_LENGTH))
        self.key.initialize(repeating: 0, count: Int(CSECRET_KEY_LENGTH))
        if let key { self.key.update(from: key, count: Int(CSECRET_KEY_LENGTH)) }
        self.error = .allocate(capacity: Self.errorSize)
        self.error.initialize(repeating: 0, count: Self.errorSize)
        mutex = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        condition = .allocate(capacity: 1)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        pthread_cond_init(condition, &attributes)
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        csecret_wipe(key, Int(CSECRET_KEY_LENGTH))
        key.deallocate()
        error.deallocate()
        free(vault)
        pthread_cond_destroy(condition)
        condition.deallocate()
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs the call on a new detached thread, which holds its own reference; false when no
    /// thread could be created.
    func start() -> Bool {
        DetachedThread.start { self.perform() }
    }

    private func perform() {
        let size = Self.errorSize
        let rc: Int32 =
            switch operation {
            case .lookup: csecret_lookup(vault, key, error, size)
            case .store: csecret_store(vault, key, error, size)
            case .clear: csecret_clear(vault, error, size)
            }
        pthread_mutex_lock(mutex)
        result = rc
        finished = true
        abandonedTo?.add(-1)
        pthread_cond_signal(condition)
        pthread_mutex_unlock(mutex)
    }

    /// Waits until the call finished (true) or `seconds` passed (false: the call is abandoned
    /// and counted in `stalled` until its thread returns).
    func wait(seconds: Int, stalled: StalledCalls) -> Bool {
        var deadline = timespec()
        clock_gettime(CLOCK_MONOTONIC, &deadline)
        deadline.tv_sec += seconds
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while !finished {
            if pthread_cond_timedwait(condition, mutex, &deadline) == ETIMEDOUT, !finished {
                abandonedTo = stalled
                stalled.add(1)
                return false
            }
        }
        return true
    }
}
