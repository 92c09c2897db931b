// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Glibc
import MCPFraming

/// mcp-remote's plaintext token cache, read for a one-time import (DESIGN.md "lifecycle").
///
/// Layout (shared/reference/mcp-remote-and-peers.md §2.1, §2.2): `${MCP_REMOTE_CONFIG_DIR:-~/.mcp-auth}`
/// holds one directory per layout, `mcp-remote-<version>/` (≤ 0.3.x) or `mcp-remote-v1/`, of files
/// named `<md5 of the server URL>_<what>` (§2.5): `tokens.json`, `client_info.json`,
/// `code_verifier[_<pid|state>].txt`, `lock.json`, `refresh_in_progress.json`, `debug.log`, and
/// transient `<file>.<pid>.<ts>.tmp`.
///
/// Everything here is read as hostile: names are parsed strictly, files are opened without
/// following symbolic links and must be regular files of this user below `maxFileSize`; a file
/// that fails is reported on its own and never stops the others. Values are plain structs (the
/// OAuth module turns them into its own types). Errors name files, never their contents.
public enum MCPRemoteCache {
    /// A tokens or client file is a few hundred bytes; anything above this is not one.
    public static let maxFileSize = 1 << 20

    /// The directory mcp-remote keeps its layouts in: `$MCP_REMOTE_CONFIG_DIR`, else `$HOME/.mcp-auth`
    /// (§1.2: the version or layout directory is appended under either).
    public static func baseDirectory(environment: [String: String]) -> String? {
        if let configured = environment["MCP_REMOTE_CONFIG_DIR"], !configured.isEmpty { return configured }
        guard let home = environment["HOME"], home.hasPrefix("/") else { return nil }
        return home + "/.mcp-auth"
    }

    /// The server-URL hash mcp-remote names its files with when no `--resource`, `--header` (or,
    /// in latest, authorize parameters or client metadata URL) was given: the lowercase hex MD5
    /// of the URL exactly as typed (§2.5: no normalisation).
    public static func hash(serverURL: String) -> String { Digest.md5Hex(Array(serverURL.utf8)) }

    // MARK: names

    /// What a file of the cache is, from its name alone.
    public enum Kind: String, Sendable, Equatable {
        case tokens, clientInfo = "client info", codeVerifier = "code verifier", lock = "lock file",
            refreshLease = "refresh lease", debugLog = "debug log", temporary = "temporary file", unknown = "unknown file"
    }

    /// `<32 lowercase hex digits>_<suffix>`; nil for any other name (not a file mcp-remote writes).
    public static func classify(_ name: String) -> (hash: String, kind: Kind)? {
        let bytes = Array(name.utf8)
        guard bytes.count > 33, bytes[32] == UInt8(ascii: "_"),
            bytes[..<32].allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        let hash = String(decoding: bytes[..<32], as: UTF8.self)
        let suffix = String(decoding: bytes[33...], as: UTF8.self)
        let kind: Kind
        switch suffix {
        case "tokens.json": kind = .tokens
        case "client_info.json": kind = .clientInfo
        case "lock.json": kind = .lock
        case "refresh_in_progress.json": kind = .refreshLease
        case "debug.log": kind = .debugLog
        case _ where suffix == "code_verifier.txt" || (suffix.hasPrefix("code_verifier_") && suffix.hasSuffix(".txt")): kind = .codeVerifier
        case _ where suffix.hasSuffix(".tmp"): kind = .temporary
        default: kind = .unknown
        }
        return (hash, kind)
    }

    // MARK: directories

    /// One name in a directory, as lstat(2) saw it (a symbolic link is never followed).
    public struct Entry: Sendable, Equatable {
        public enum FileType: Sendable, Equatable { case regular, symbolicLink, directory, other }
        public let directory: String
        public let name: String
        public let type: FileType
        /// Modification time, seconds since the epoch.
        public let modified: Int
        /// The permission bits (0o644 for files mcp-remote wrote before 0.1.37, §2.4).
        public let permissions: UInt32
        public var path: String { directory + "/" + name }

        public init(directory: String, name: String, type: FileType, modified: Int, permissions: UInt32 = 0o600) {
            self.directory = directory
            self.name = name
            self.type = type
            self.modified = modified
            self.permissions = permissions
        }
    }

    /// The names in `directory` (without `.` and `..`), sorted, with their lstat types.
    public static func list(_ directory: String, limit: Int = 100_000) throws(VaultError) -> [Entry] {
        guard let names = try PrivateFiles.names(in: directory, limit: limit) else {
            throw VaultError(.io, "cannot list \(directory): it no longer exists")
        }
        var entries: [Entry] = []
        for name in names {
            var info = stat()
            let path = directory + "/" + name
            let type: Entry.FileType
            var modified = 0
            var permissions: UInt32 = 0
            if lstat(path, &info) == 0 {
                switch info.st_mode & S_IFMT {
                case S_IFREG: type = .regular
                case S_IFLNK: type = .symbolicLink
                case S_IFDIR: type = .directory
                default: type = .other
                }
                modified = Int(info.st_mtim.tv_sec)
                permissions = UInt32(info.st_mode & 0o7777)
            } else {
                type = .other
            }
            entries.append(Entry(directory: directory, name: name, type: type, modified: modified, permissions: permissions))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// The cache directories under `base`: its `mcp-remote-*` subdirectories (a symbolic link among
    /// them is skipped, not followed). When `base` is itself named `mcp-remote-*`, it is the one.
    /// A missing `base` has none.
    public static func cacheDirectories(base: String) throws(VaultError) -> (directories: [String], skipped: [Entry]) {
        let trimmed = base.count > 1 && base.hasSuffix("/") ? String(base.dropLast()) : base
        if trimmed.split(separator: "/").last?.hasPrefix("mcp-remote-") == true { return ([trimmed], []) }
        var info = stat()
        guard stat(trimmed, &info) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return ([], []) }
            throw VaultError(.io, "cannot look into \(trimmed): \(String(cString: strerror(errno)))")
        }
        let found = try list(trimmed).filter { $0.name.hasPrefix("mcp-remote-") }
        return (found.filter { $0.type == .directory }.map(\.path), found.filter { $0.type != .directory })
    }

    // MARK: groups

    /// The files of one server in one cache directory: those whose names share a hash.
    public struct Group: Sendable, Equatable {
        public let directory: String
        public let hash: String
        public let files: [(entry: Entry, kind: Kind)]

        public func file(_ kind: Kind) -> Entry? { files.first { $0.kind == kind }?.entry }
        public func files(_ kind: Kind) -> [Entry] { files.filter { $0.kind == kind }.map(\.entry) }

        public static func == (lhs: Group, rhs: Group) -> Bool {
            lhs.directory == rhs.directory && lhs.hash == rhs.hash && lhs.files.map(\.entry) == rhs.files.map(\.entry)
                && lhs.files.map(\.kind) == rhs.files.map(\.kind)
        }
    }

    /// Groups a directory's entries by hash (in name order); `others` are names that are not
    /// `<hash>_…`. Pure.
    public static func group(_ entries: [Entry]) -> (groups: [Group], others: [Entry]) {
        var order: [String] = []
        var byHash: [String: [(entry: Entry, kind: Kind)]] = [:]
        var others: [Entry] = []
        for entry in entries {
            guard let (hash, kind) = classify(entry.name) else { others.append(entry); continue }
            if byHash[hash] == nil { order.append(hash) }
            byHash[hash, default: []].append((entry, kind))
        }
        let groups = order.map { hash in
            Group(directory: byHash[hash]![0].entry.directory, hash: hash, files: byHash[hash]!.sorted { $0.entry.name < $1.entry.name })
        }
        return (groups, others)
    }

    // MARK: files

    /// The bytes of a cache file: `PrivateFiles.read`'s rules (no symbolic link, no FIFO, a
    /// regular file of this user, at most `limit` bytes), except that mcp-remote's files may be
    /// readable by others (before 0.1.37 they were 0644).
    public static func read(_ path: String, limit: Int = maxFileSize) throws(VaultError) -> [UInt8] {
        guard let bytes = try PrivateFiles.read(path, limit: limit, othersMayRead: true) else {
            throw VaultError(.io, "cannot read \(path): it no longer exists")
        }
        return bytes
    }

    // MARK: contents

    /// `<hash>_tokens.json` (§2.3): the SDK's `OAuthTokensSchema`; latest adds `expires_at`
    /// (milliseconds since the epoch) and `requested_scope`. Secret: `description` shows none of it.
    public struct Tokens: Sendable, Equatable, CustomStringConvertible {
        public let accessToken: String
        public let tokenType: String?
        public let refreshToken: String?
        /// Relative lifetime at the time of writing: classic versions store only this, which says
        /// nothing once the process that wrote it is gone (issue #273).
        public let expiresIn: Int?
        public let expiresAtMilliseconds: Int?
        public let scope: String?
        public let requestedScope: String?

        /// The absolute expiry in seconds, when the file has one (latest); nil means unknown.
        public var expiresAt: Int? { expiresAtMilliseconds.map { $0 / 1000 } }
        /// Granted scopes: `scope`, else the requested ones (OAuth 2.1 §3.2.3), split on spaces.
        public var scopes: [String] { (scope ?? requestedScope).map { $0.split(separator: " ").map(String.init) } ?? [] }
        public var description: String { "mcp-remote tokens (values withheld)" }
    }

    /// `<hash>_client_info.json` (§2.3): RFC 7591 metadata plus `client_id`, `client_secret`,
    /// `client_id_issued_at`, `client_secret_expires_at`. Secret: `description` shows none of it.
    public struct ClientInfo: Sendable, Equatable, CustomStringConvertible {
        public let clientID: String
        public let clientSecret: String?
        public let clientSecretExpiresAt: Int?
        /// `none`, `client_secret_post` or `client_secret_basic` (the RFC 7591 §2 default, basic
        /// with a secret, when absent).
        public let tokenEndpointAuthMethod: String
        public let redirectURIs: [String]
        public var description: String { "mcp-remote client information (values withheld)" }
    }

    /// Parses a tokens file; wrong shapes are `.damaged` errors naming the member, never its value.
    public static func parseTokens(_ bytes: [UInt8], path: String) throws(VaultError) -> Tokens {
        let object = try document(bytes, path: path)
        let fail = { (what: String) in VaultError(.damaged, "\(path) is not an mcp-remote tokens file: \(what)") }
        guard let access = try string(object, "access_token", fail), !access.isEmpty else { throw fail("no access_token") }
        let type = try string(object, "token_type", fail)
        if let type, type.lowercased() != "bearer" { throw fail("token_type is not bearer") }
        return Tokens(
            accessToken: access, tokenType: type, refreshToken: try string(object, "refresh_token", fail).flatMap { $0.isEmpty ? nil : $0 },
            expiresIn: try number(object, "expires_in", fail), expiresAtMilliseconds: try number(object, "expires_at", fail),
            scope: try string(object, "scope", fail), requestedScope: try string(object, "requested_scope", fail))
    }

    /// Parses a client information file; wrong shapes are `.damaged` errors naming the member.
    public static func parseClientInfo(_ bytes: [UInt8], path: String) throws(VaultError) -> ClientInfo {
        let object = try document(bytes, path: path)
        let fail = { (what: String) in VaultError(.damaged, "\(path) is not an mcp-remote client information file: \(what)") }
        guard let id = try string(object, "client_id", fail), !id.isEmpty else { throw fail("no client_id") }
        let secret = try string(object, "client_secret", fail).flatMap { $0.isEmpty ? nil : $0 }
        let method = try string(object, "token_endpoint_auth_method", fail) ?? (secret == nil ? "none" : "client_secret_basic")
        guard ["none", "client_secret_post", "client_secret_basic"].contains(method) else { throw fail("unsupported token_endpoint_auth_method") }
        var uris: [String] = []
        if let value = object["redirect_uris"], !value.isNull {
            guard let list = value.arrayValue, list.count <= 100 else { throw fail("redirect_uris is not a list") }
            for item in list {
                guard let uri = item.stringValue else { throw fail("redirect_uris holds a non-string") }
                uris.append(uri)
            }
        }
        return ClientInfo(
            clientID: id, clientSecret: secret, clientSecretExpiresAt: try number(object, "client_secret_expires_at", fail),
            tokenEndpointAuthMethod: method, redirectURIs: uris)
    }

    private static func document(_ bytes: [UInt8], path: String) throws(VaultError) -> JSONObject {
        guard bytes.count <= maxFileSize else { throw VaultError(.damaged, "\(path) is larger than \(maxFileSize) bytes") }
        let value: JSONValue
        do { value = try JSONParser.parse(bytes, maxDepth: 16) } catch { throw VaultError(.damaged, "\(path) is not JSON (\(error.description))") }
        guard let object = value.objectValue else { throw VaultError(.damaged, "\(path) is JSON but not an object") }
        return object
    }

    /// A string member; absent or null is nil, any other type is an error.
    private static func string(_ object: JSONObject, _ key: String, _ fail: (String) -> VaultError) throws(VaultError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw fail("\(key) is not a string") }
        return text
    }

    /// A non-negative number member, its whole part (JavaScript writes `Date.now() + …` as an
    /// integer, but a fraction is harmless); absent or null is nil, an exponent or another type an error.
    private static func number(_ object: JSONObject, _ key: String, _ fail: (String) -> VaultError) throws(VaultError) -> Int? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let literal = value.numberLiteral else { throw fail("\(key) is not a number") }
        let whole = literal.split(separator: ".", maxSplits: 1).first.map(String.init) ?? literal
        guard let number = Int(whole), number >= 0, !literal.contains("e"), !literal.contains("E") else {
            throw fail("\(key) is not a non-negative whole number")
        }
        return number
    }
}
