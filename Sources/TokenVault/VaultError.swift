// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The one public error of the vault. Messages name files and providers, never a key, a
/// passphrase or anything decrypted (DESIGN.md invariant 2).
public struct VaultError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        /// A file or directory others can read or write, or one that is not ours (not 0600/0700).
        case permissions
        /// The file's authentication tag does not verify: tampered, corrupted, or a wrong key.
        case damaged
        /// The key the file was sealed with cannot be had now (no keyring, no passphrase).
        case keyUnavailable
        /// A keyring, key file or passphrase problem.
        case keyProvider
        /// A lock was not granted in time.
        case busy
        case io
    }

    public let code: Code
    public let message: String
    public let hint: String?

    public init(_ code: Code, _ message: String, hint: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
    }

    public var description: String { message }
}
