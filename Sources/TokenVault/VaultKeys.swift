// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Glibc
import Synchronization

/// Chooses and holds the vault keys of this process (issue 5 "Key providers"):
/// a passphrase when one is given (scrypt; an explicit choice wins: `MCP_WARDEN_PASSPHRASE`, or
/// what `VaultPassphrase` holds — the variable taken out of the environment at start,
/// `MCP_WARDEN_PASSPHRASE_FILE`, or the terminal prompt), else the OS keyring when a
/// session bus and a keyring answer, else a 256-bit key file (0600) away from the data. The
/// fall-back to the key file is announced once on stderr and named by `status`.
public final class VaultKeys: Sendable {
    public enum Provider: Sendable, Equatable { case passphrase, keyring, keyFile }

    let location: VaultLocation
    let keyring: (any Keyring)?
    let passphrase: [UInt8]?
    let passphraseOrigin: VaultPassphrase.Origin
    let unavailableKeyring: String
    let announce: @Sendable (String) -> Void
    private let state = Mutex(State())

    struct State {
        var provider: Provider?
        var fallbackReason: String?
        var keyFile: [UInt8]?
        var keyring: [UInt8]?
        var derived: [ScryptParameters: [UInt8]] = [:]
        var sealingScrypt: ScryptParameters?
    }

    /// `keyring` is nil when none can be reached (then `unavailableKeyring` says why, e.g. no
    /// session bus). `announce` receives the fall-back notice, once.
    public init(
        location: VaultLocation, environment: [String: String], keyring: (any Keyring)?, unavailableKeyring: String,
        announce: @escaping @Sendable (String) -> Void
    ) {
        self.location = location
        self.keyring = keyring
        if let variable = environment["MCP_WARDEN_PASSPHRASE"], !variable.isEmpty {
            (passphrase, passphraseOrigin) = (Array(variable.utf8), .variable)
        } else {
            let held = VaultPassphrase.current
            (passphrase, passphraseOrigin) = (held?.bytes, held?.origin ?? .variable)
        }
        self.unavailableKeyring = unavailableKeyring
        self.announce = announce
    }

    /// The provider new files are sealed with, decided on first use.
    public func provider() -> Provider {
        if let chosen = state.withLock({ $0.provider }) { return chosen }
        if passphrase != nil { return decide(.passphrase, reason: nil) }
        guard let keyring else { return fallBack(reason: unavailableKeyring) }
        do {
            _ = try keyringKey(keyring, create: true)
            return decide(.keyring, reason: nil)
        } catch {
            return fallBack(reason: error.message)
        }
    }

    /// The key file, created now so that what is announced is what exists.
    private func fallBack(reason: String) -> Provider {
        let chosen = decide(.keyFile, reason: reason)
        if chosen == .keyFile { _ = try? keyFileKey(create: true) }
        return chosen
    }

    /// Why the key file is used although a keyring was looked for, nil otherwise.
    public var fallbackReason: String? {
        _ = provider()
        return state.withLock { $0.fallbackReason }
    }

    /// What `status` prints about the key.
    public func describe() -> String {
        switch provider() {
        case .passphrase: return "a passphrase (\(passphraseOrigin.name), scrypt)"
        case .keyring: return keyring?.name ?? "keyring"
        case .keyFile: return "key file \(location.keyFile)" + (fallbackReason.map { " (\($0))" } ?? "")
        }
    }

    /// Deletes the vault key from the key file and the keyring (`mcp-warden purge`); returns
    /// where it was removed from.
    public func forget() -> [String] {
        var removed: [String] = []
        if unlink(location.keyFile) == 0 { removed.append(location.keyFile) }
        if let keyring, (try? keyring.remove(vault: location.entries)) == true { removed.append(keyring.name) }
        state.withLock { $0 = State() }
        return removed
    }

    /// The key and header source for a new file.
    public func sealing() throws(VaultError) -> (source: KeySource, key: [UInt8]) {
        switch provider() {
        case .passphrase:
            let parameters = state.withLock { state in
                if let held = state.sealingScrypt { return held }
                let fresh = ScryptParameters.fresh()
                state.sealingScrypt = fresh
                return fresh
            }
            return (.passphrase(parameters), try key(for: .passphrase(parameters)))
        case .keyring:
            return (keyring!.source, try keyringKey(keyring!, create: true))
        case .keyFile:
            return (.keyFile, try keyFileKey(create: true))
        }
    }

    /// The key a file with `source` in its header was sealed with.
    public func key(for source: KeySource) throws(VaultError) -> [UInt8] {
        switch source {
        case .passphrase(let parameters):
            guard let passphrase else {
                throw VaultError(
                    .keyUnavailable, "it was sealed with a passphrase and MCP_WARDEN_PASSPHRASE is not set (nor MCP_WARDEN_PASSPHRASE_FILE)",
                    hint: "give mcp-warden the passphrase in a 0600 file named by MCP_WARDEN_PASSPHRASE_FILE")
            }
            if let held = state.withLock({ $0.derived[parameters] }) { return held }
            guard let derived = parameters.derive(passphrase: passphrase) else {
                throw VaultError(.keyProvider, "scrypt refused the parameters of the file (N=\(parameters.n), r=\(parameters.r), p=\(parameters.p))")
            }
            state.withLock { $0.derived[parameters] = derived }
            return derived
        case .keyFile:
            return try keyFileKey(create: false)
        case .secretService, .keychain:
            guard let keyring, keyring.source == source else {
                throw VaultError(
                    .keyUnavailable,
                    "it was sealed with a key in the \(source == .keychain ? "macOS Keychain" : "Secret Service"), which cannot be reached now (\(unavailableKeyring))"
                )
            }
            return try keyringKey(keyring, create: false)
        }
    }

    private func decide(_ provider: Provider, reason: String?) -> Provider {
        let first = state.withLock { state -> Bool in
            guard state.provider == nil else { return false }
            state.provider = provider
            state.fallbackReason = reason
            return true
        }
        if first, provider == .keyFile, let reason {
            announce("\(reason); the vault key is kept in the key file \(location.keyFile) (0600), apart from the vault")
        }
        return state.withLock { $0.provider! }
    }

    private func keyringKey(_ keyring: any Keyring, create: Bool) throws(VaultError) -> [UInt8] {
        if let held = state.withLock({ $0.keyring }) { return held }
        var key = try keyring.lookup(vault: location.entries)
        if key == nil, create {
            // Under the vault's creation lock, so two first starts never store two different keys.
            try PrivateFiles.ensureDirectory(location.entries)
            let lock = try EntryLock.acquire(location.entries + "/.key.lock", timeout: 10)
            defer { lock.release() }
            key = try keyring.lookup(vault: location.entries)
            if key == nil {
                let fresh = SecureRandom.bytes(AESGCM.keyLength)
                try keyring.store(fresh, vault: location.entries)
                key = fresh
            }
        }
        guard let key else { throw VaultError(.keyUnavailable, "\(keyring.name) holds no key for \(location.entries)") }
        guard key.count == AESGCM.keyLength else { throw VaultError(.keyProvider, "the key \(keyring.name) holds for \(location.entries) is not 256 bits") }
        state.withLock { $0.keyring = key }
        return key
    }

    private func keyFileKey(create: Bool) throws(VaultError) -> [UInt8] {
        if let held = state.withLock({ $0.keyFile }) { return held }
        let path = location.keyFile
        let directory = String(path[..<(path.lastIndex(of: "/") ?? path.startIndex)])
        var text = try PrivateFiles.read(path, limit: 4096)
        if text == nil, create {
            try PrivateFiles.ensureDirectory(directory)
            _ = try PrivateFiles.create(Array(Hex.encode(SecureRandom.bytes(AESGCM.keyLength)).utf8) + [0x0A], at: path)
            text = try PrivateFiles.read(path, limit: 4096)
        }
        guard let text else { throw VaultError(.keyUnavailable, "it was sealed with the key file \(path), which does not exist") }
        var trimmed = text
        if trimmed.last == 0x0A { trimmed.removeLast() }
        guard let key = Hex.decode(String(decoding: trimmed, as: UTF8.self)), key.count == AESGCM.keyLength else {
            throw VaultError(
                .keyProvider, "the key file \(path) does not hold a 256-bit key (64 hex digits)",
                hint: "if it was damaged, the vault cannot be read with it; move both aside to start over")
        }
        state.withLock { $0.keyFile = key }
        return key
    }
}
