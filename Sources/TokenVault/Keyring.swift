// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// An OS keyring that keeps one 256-bit vault key per vault directory: the Secret Service over
/// D-Bus on Linux (`SecretServiceKeyring`), the Keychain on macOS (not built on Linux). Every call
/// is time-boxed by the implementation (3 s) and throws `.keyProvider` when the keyring does not
/// answer.
public protocol Keyring: Sendable {
    /// How `status` names it, e.g. "Secret Service (org.freedesktop.secrets)".
    var name: String { get }
    var source: KeySource { get }
    /// The key stored for `vault`, nil when there is none.
    func lookup(vault: String) throws(VaultError) -> [UInt8]?
    func store(_ key: [UInt8], vault: String) throws(VaultError)
    /// Removes the key for `vault` (`mcp-warden purge`); false when there was none.
    func remove(vault: String) throws(VaultError) -> Bool
}
