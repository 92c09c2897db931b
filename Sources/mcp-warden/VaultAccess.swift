// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import OAuth
import PinnedHTTP
import Platform
import TokenVault

/// Opens this machine's token vault for a command: its location, and the key provider chosen
/// for this process (passphrase, Secret Service, or the key file, announced once on stderr).
enum VaultAccess {
    static func open(environment: [String: String], log: Diagnostics) throws(UserError) -> TokenVault {
        let location: VaultLocation
        do { location = try VaultLocation.resolve(environment: environment) } catch { throw UserError(.config, error.message, hint: error.hint) }
        let (keyring, unavailable) = SecretServiceKeyring.connect(environment: environment)
        let keys = VaultKeys(
            location: location, environment: environment, keyring: keyring, unavailableKeyring: unavailable,
            announce: { log.warning($0) })
        return TokenVault(location: location, keys: keys)
    }

    /// The grant store for `connect` and `login`; nil (tokens in memory only, said on stderr) when
    /// the vault cannot be opened.
    static func grantStore(environment: [String: String], log: Diagnostics) -> GrantStore? {
        do {
            return GrantStore(vault: try open(environment: environment, log: log), report: { log.error($0.message, hint: $0.hint) })
        } catch {
            log.error("\(error.message); tokens are kept in memory for this run only", hint: error.hint)
            return nil
        }
    }
}
