// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Glibc

/// The encrypted token vault: one AES-256-GCM file per entry (`SealedFile`), 0600 in a 0700
/// directory, replaced atomically, with an advisory lock file per entry.
///
/// Damage is never silent and never fatal: a file that does not decrypt is moved aside
/// (`NAME.damaged-TIME`) and reported through the thrown error; the caller authorizes again.
public struct TokenVault: Sendable {
    public let location: VaultLocation
    public let keys: VaultKeys

    public init(location: VaultLocation, keys: VaultKeys) {
        self.location = location
        self.keys = keys
    }

    /// What `status` and lookups see without decrypting anything.
    public struct Listing: Sendable {
        public let key: EntryKey
        public let source: KeySource
        public let written: Int
        public let path: String
    }

    /// The entries whose headers read. A file that cannot be used comes back as an error in
    /// `unreadable`: a damaged one is moved aside first; a loosely permitted one stays, refused.
    public func list() throws(VaultError) -> (entries: [Listing], unreadable: [VaultError]) {
        guard let all = try PrivateFiles.names(in: location.entries) else { return ([], []) }
        try PrivateFiles.ensureDirectory(location.entries)
        for name in all where name.hasPrefix("entry-") && Self.isAbandonedTemporary(name) { unlink(location.entries + "/" + name) }
        let names = all.filter { $0.hasPrefix("entry-") && $0.hasSuffix(".vault") }
        var entries: [Listing] = []
        var unreadable: [VaultError] = []
        for name in names.sorted() {
            let path = location.entries + "/" + name
            do throws(VaultError) {
                let read: [UInt8]?
                do throws(VaultError) { read = try PrivateFiles.read(path, limit: SealedFile.maxFile) } catch  where error.code == .damaged {
                    throw try setAside(path, key: nil, because: "it \(error.message)")
                }
                guard let bytes = read else { continue }
                let file: SealedFile
                do throws(VaultError) {
                    file = try SealedFile.parse(bytes)
                    guard file.key.fileStem + ".vault" == name else { throw VaultError(.damaged, "belongs to another entry (\(file.key))") }
                } catch {
                    throw try setAside(path, key: nil, because: "it \(error.message)")
                }
                entries.append(Listing(key: file.key, source: file.source, written: file.written, path: path))
            } catch {
                unreadable.append(error)
            }
        }
        return (entries, unreadable)
    }

    /// `NAME.tmp-PID-RANDOM` left by a writer that died before its rename (PID gone).
    static func isAbandonedTemporary(_ name: String) -> Bool {
        guard let last = name.split(separator: ".").last, last.hasPrefix("tmp-"),
            let pid = Int32(last.dropFirst(4).prefix { $0 != "-" }), pid > 0, pid != getpid()
        else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    public func path(for key: EntryKey) -> String { location.entries + "/" + key.fileStem + ".vault" }

    /// The decrypted entry, or nil when there is none. A file that is malformed, tampered with,
    /// or sealed with another key is moved aside and reported with `.damaged`; a key that cannot
    /// be had now (`.keyUnavailable`) leaves the file where it is.
    public func read(_ key: EntryKey) throws(VaultError) -> [UInt8]? {
        try PrivateFiles.ensureDirectory(location.entries)
        let path = path(for: key)
        let read: [UInt8]?
        do throws(VaultError) { read = try PrivateFiles.read(path, limit: SealedFile.maxFile) } catch  where error.code == .damaged {
            throw try setAside(path, key: key, because: "it \(error.message)")
        }
        guard let bytes = read else { return nil }
        let file: SealedFile
        do throws(VaultError) {
            file = try SealedFile.parse(bytes)
            guard file.key == key else { throw VaultError(.damaged, "belongs to another entry (\(file.key))") }
        } catch {
            throw try setAside(path, key: key, because: "it \(error.message)")
        }
        let secret = try keys.key(for: file.source)
        guard file.isSealed(with: secret) else {
            throw try setAside(
                path, key: key,
                because: "it was sealed with a different key (\(file.source.name)\(file.source.name == "passphrase" ? ": a wrong MCP_WARDEN_PASSPHRASE?" : ""))"
            )
        }
        guard let plaintext = file.open(with: secret) else {
            throw try setAside(path, key: key, because: "its contents were changed or damaged (the authentication tag does not verify)")
        }
        return plaintext
    }

    /// Seals and replaces the entry atomically. Callers that read-modify-write hold `lock(_:)`.
    public func write(_ key: EntryKey, _ plaintext: [UInt8], now: Int) throws(VaultError) {
        try PrivateFiles.ensureDirectory(location.entries)
        let (source, secret) = try keys.sealing()
        try PrivateFiles.write(SealedFile.seal(plaintext, key: key, source: source, with: secret, written: now), to: path(for: key))
    }

    /// Deletes the entry's file; false when there was none.
    @discardableResult
    public func remove(_ key: EntryKey) throws(VaultError) -> Bool {
        let path = path(for: key)
        guard unlink(path) == 0 else {
            if errno == ENOENT { return false }
            throw VaultError(.io, "cannot remove \(path): \(PrivateFiles.errorText())")
        }
        PrivateFiles.syncDirectory(of: path)
        return true
    }

    /// The entry's lock, waiting up to `timeout` seconds.
    public func lock(_ key: EntryKey, timeout: Double) throws(VaultError) -> EntryLock {
        try PrivateFiles.ensureDirectory(location.entries)
        return try EntryLock.acquire(location.entries + "/" + key.fileStem + ".lock", timeout: timeout)
    }

    /// A named lock (e.g. one server's authorization across processes) when it is free now.
    public func attemptLock(named name: String) throws(VaultError) -> EntryLock? {
        try PrivateFiles.ensureDirectory(location.entries)
        return try EntryLock.attempt(location.entries + "/lock-" + String(Digest.sha256Hex(Array(name.utf8)).prefix(40)) + ".lock")
    }

    /// Removes every entry, damaged copy, lock and temporary file, and returns what it removed
    /// (`mcp-warden purge`; the key goes with `VaultKeys.forget()`).
    public func purge() throws(VaultError) -> [String] {
        var removed: [String] = []
        for name in try PrivateFiles.names(in: location.entries) ?? [] where name.hasPrefix("entry-") || name.hasPrefix("lock-") || name == ".key.lock" {
            if unlink(location.entries + "/" + name) == 0 { removed.append(location.entries + "/" + name) }
        }
        PrivateFiles.syncDirectory(of: location.entries + "/x")
        return removed
    }

    /// The entry's lock when it is free now.
    public func attemptLock(_ key: EntryKey) throws(VaultError) -> EntryLock? {
        try PrivateFiles.ensureDirectory(location.entries)
        return try EntryLock.attempt(location.entries + "/" + key.fileStem + ".lock")
    }

    private func setAside(_ path: String, key: EntryKey?, because reason: String) throws(VaultError) -> VaultError {
        let aside = try PrivateFiles.moveAside(path, now: Int(time(nil)))
        return VaultError(
            .damaged, "the vault entry \(key.map { "for \($0)" } ?? path) could not be read: \(reason); moved it to \(aside)",
            hint: "mcp-warden authorizes again; nothing was deleted")
    }
}
