// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The seam between the OAuth client and the storage under it: entries of opaque (already
/// encoded, secret) bytes by key, and a cross-process lock. The encrypted vault implements it in
/// the executable; OAuth knows nothing of files, keys or keyrings, and a test holds entries in
/// memory. Implementations report their own problems (damage, permissions; free of secrets)
/// and never stop the session: an entry that cannot be had is as if absent.
public protocol GrantEntries: Sendable {
    /// Every entry's key and when it was written (seconds since the epoch), without reading the
    /// entries' contents.
    func list() -> [(key: GrantKey, written: Int)]
    /// The entry's bytes; nil when there is none or it cannot be read.
    func read(_ key: GrantKey) -> [UInt8]?
    /// Replaces the entry atomically; false when it could not be written.
    func write(_ key: GrantKey, _ bytes: [UInt8]) -> Bool
    /// Deletes the entry; false when it could not be removed, true also when there was none.
    func remove(_ key: GrantKey) -> Bool
    /// The cross-process lock named `scope` (one server's renewals and logins) if it is free now.
    func attemptLock(_ scope: String) -> GrantLockAttempt
    /// A problem OAuth found in the entry `key` ("holds an authorization for another server"),
    /// to say the way the store says its own, naming the entry as the store names it.
    func report(_ problem: String, in key: GrantKey, hint: String?)
}

/// What an entry is for (issue 13 "A grant belongs to the server it was issued for"): the MCP
/// server URL that obtained it, the protected resource (RFC 8707) its tokens are for, and the
/// authorization server that issued them (MCP 2026-07-28 "Authorization Server Binding"). An
/// empty issuer marks an entry imported from `mcp-remote`, bound at its first use; an empty server
/// marks an entry written before servers were part of the key. Stored in the clear next to the
/// sealed entry, so URLs here have query credentials redacted; `variant` then keeps apart URLs
/// that differ only in such a value (a digest of the full ones, empty otherwise).
public struct GrantKey: Sendable, Hashable {
    public let server: String
    public let resource: String
    public let issuer: String
    public let variant: String
}

extension GrantKey {
    /// A key as a store lists it: URLs as shown in the clear, and the variant (`StoredGrant.key`
    /// makes the keys of grants).
    public static func listed(server: String, resource: String, issuer: String, variant: String = "") -> GrantKey {
        GrantKey(server: server, resource: resource, issuer: issuer, variant: variant)
    }
}

/// A held cross-process lock; released by `release()` or when it goes away.
public protocol GrantLock: AnyObject, Sendable {
    func release()
}

public enum GrantLockAttempt {
    case held(any GrantLock)
    case busy
    /// The lock cannot be had at all (reported): carry on without it.
    case failed
}
