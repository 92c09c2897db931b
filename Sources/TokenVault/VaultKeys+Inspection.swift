// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

extension VaultKeys {
    /// What protects the vault, found without creating a key anywhere: `status` is read-only
    /// (issue 13). `provider` is nil when no key exists yet (the first authorization makes one).
    public struct Inspection: Sendable {
        public let provider: String?
        public let description: String
        /// Why the key file is used although a keyring was looked for.
        public let fallback: String?
    }

    public func inspect() -> Inspection {
        if passphrase != nil { return Inspection(provider: "passphrase", description: "a passphrase (\(passphraseOrigin.name), scrypt)", fallback: nil) }
        var reason = unavailableKeyring
        if let keyring {
            do throws(VaultError) {
                if try keyring.lookup(vault: location.entries) != nil {
                    return Inspection(provider: keyring.source.name, description: keyring.name, fallback: nil)
                }
                reason = "\(keyring.name) holds no key for this vault"
            } catch {
                reason = error.message
            }
        }
        var info = stat()
        if lstat(location.keyFile, &info) == 0 {
            return Inspection(provider: KeySource.keyFile.name, description: "key file \(location.keyFile) (\(reason))", fallback: reason)
        }
        let future = keyring?.name ?? "the key file \(location.keyFile)"
        return Inspection(provider: nil, description: "none yet (the first authorization stores one in \(future))", fallback: nil)
    }
}
