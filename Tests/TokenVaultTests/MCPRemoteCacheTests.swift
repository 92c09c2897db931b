// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import Testing

@testable import TokenVault

// mcp-remote's plaintext cache (shared/reference/mcp-remote-and-peers.md §2) read as hostile input,
// and the shredder that removes it once imported.

/// A fresh directory from mkdtemp, removed with its contents afterwards.
private func withCacheScratch<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/mcp-warden-mcpremote-test-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!).map { String(cString: $0) } }
    let directory = try #require(made)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

private func write(_ text: String, to path: String, mode: mode_t = 0o600) throws {
    let bytes = Array(text.utf8)
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode)
    try #require(fd >= 0, "cannot create \(path)")
    defer { close(fd) }
    let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
    try #require(n == bytes.count)
    try #require(fchmod(fd, mode) == 0)
}

private func parseTokens(_ text: String) throws(VaultError) -> MCPRemoteCache.Tokens {
    try MCPRemoteCache.parseTokens(Array(text.utf8), path: "/x/h_tokens.json")
}

private func parseClient(_ text: String) throws(VaultError) -> MCPRemoteCache.ClientInfo {
    try MCPRemoteCache.parseClientInfo(Array(text.utf8), path: "/x/h_client_info.json")
}

private func tokenError(_ text: String) -> VaultError? {
    do { _ = try parseTokens(text); return nil } catch { return error }
}

private func fileExists(_ path: String) -> Bool {
    var info = stat()
    return lstat(path, &info) == 0
}

private let hashA = "bbcf3c111998d8af66c1b0d7523c9a05"  // md5 of https://mcp.atlassian.com/v1/sse (below)
private let hashB = "94baabe3c3fadb285b26c035e4e86046"  // md5 of https://mcp.example.com/mcp

// MARK: §2.5 the file prefix

@Test("§2.5: the prefix is the lowercase hex MD5 of the URL as typed (RFC 1321 A.5 vectors, md5sum)")
func md5OfKnownURLs() {
    // RFC 1321 appendix A.5.
    #expect(MCPRemoteCache.hash(serverURL: "") == "d41d8cd98f00b204e9800998ecf8427e")
    #expect(MCPRemoteCache.hash(serverURL: "abc") == "900150983cd24fb0d6963f7d28e17f72")
    // `printf %s https://mcp.atlassian.com/v1/sse | md5sum` → bbcf3c111998d8af66c1b0d7523c9a05
    #expect(MCPRemoteCache.hash(serverURL: "https://mcp.atlassian.com/v1/sse") == hashA)
    // `printf %s https://mcp.atlassian.com/v1/mcp/authv2 | md5sum` → 8d8bab2a93ad41172215aecfb4b6d869
    #expect(MCPRemoteCache.hash(serverURL: "https://mcp.atlassian.com/v1/mcp/authv2") == "8d8bab2a93ad41172215aecfb4b6d869")
    // No normalisation: a trailing slash is another server for mcp-remote.
    #expect(MCPRemoteCache.hash(serverURL: "https://mcp.atlassian.com/v1/sse/") != hashA)
}

@Test("§2.2: file names are <32 lowercase hex>_<what>; anything else is not a cache file")
func fileNames() {
    let kinds: [(String, MCPRemoteCache.Kind)] = [
        ("tokens.json", .tokens), ("client_info.json", .clientInfo), ("code_verifier.txt", .codeVerifier),
        ("code_verifier_4242.txt", .codeVerifier), ("code_verifier_Zx-9_state.txt", .codeVerifier), ("lock.json", .lock),
        ("refresh_in_progress.json", .refreshLease), ("debug.log", .debugLog), ("tokens.json.123.456.tmp", .temporary),
        ("tokens.json.bak", .unknown)
    ]
    for (suffix, kind) in kinds {
        let parsed = MCPRemoteCache.classify("\(hashA)_\(suffix)")
        #expect(parsed?.hash == hashA && parsed?.kind == kind, "\(suffix)")
    }
    for name in [
        "README", "\(hashA.uppercased())_tokens.json", "\(hashA.dropLast())_tokens.json", "\(hashA)tokens.json", "\(hashA)_",
        "g\(hashA.dropFirst())_tokens.json", "../\(hashA)_tokens.json", "\(hashA)-tokens.json", ""
    ] {
        #expect(MCPRemoteCache.classify(name) == nil, "\(name)")
    }
}

@Test("§1.2: $MCP_REMOTE_CONFIG_DIR wins, else $HOME/.mcp-auth")
func baseDirectory() {
    #expect(MCPRemoteCache.baseDirectory(environment: ["HOME": "/home/u"]) == "/home/u/.mcp-auth")
    #expect(MCPRemoteCache.baseDirectory(environment: ["HOME": "/home/u", "MCP_REMOTE_CONFIG_DIR": "/cfg"]) == "/cfg")
    #expect(MCPRemoteCache.baseDirectory(environment: ["HOME": "/home/u", "MCP_REMOTE_CONFIG_DIR": ""]) == "/home/u/.mcp-auth")
    #expect(MCPRemoteCache.baseDirectory(environment: ["HOME": "relative"]) == nil)
    #expect(MCPRemoteCache.baseDirectory(environment: [:]) == nil)
}

// MARK: §2.3 shapes

@Test("§2.3 classic (0.1.x) tokens.json: only the relative expires_in, so the expiry is unknown")
func classicTokens() throws {
    let tokens = try parseTokens(
        """
        {
          "access_token": "at-classic", "token_type": "Bearer", "expires_in": 3599,
          "refresh_token": "rt-classic", "scope": "read:jira-work offline_access"
        }
        """)
    #expect(tokens.accessToken == "at-classic" && tokens.refreshToken == "rt-classic" && tokens.expiresIn == 3599)
    #expect(tokens.expiresAt == nil)
    #expect(tokens.scopes == ["read:jira-work", "offline_access"])
    // Issue #273's report: "expires_at": null.
    let reported = try parseTokens(#"{"access_token":"a","token_type":"bearer","expires_in":3599,"expires_at":null}"#)
    #expect(reported.expiresAt == nil && reported.refreshToken == nil && reported.scopes == [])
}

@Test("§2.3 latest tokens.json: expires_at in milliseconds and requested_scope")
func latestTokens() throws {
    let tokens = try parseTokens(
        """
        {"access_token":"at-new","token_type":"bearer","expires_in":3600,"refresh_token":"rt-new",
         "expires_at":1767225600123,"requested_scope":"mcp:read mcp:write"}
        """)
    #expect(tokens.expiresAtMilliseconds == 1_767_225_600_123 && tokens.expiresAt == 1_767_225_600)
    // No `scope` in the response: the requested scopes were granted (OAuth 2.1 §3.2.3).
    #expect(tokens.scopes == ["mcp:read", "mcp:write"])
    let both = try parseTokens(#"{"access_token":"a","token_type":"bearer","scope":"x","requested_scope":"x y"}"#)
    #expect(both.scopes == ["x"])
    let fraction = try parseTokens(#"{"access_token":"a","expires_at":1767225600123.7}"#)
    #expect(fraction.expiresAt == 1_767_225_600)
}

@Test("§2.3 client_info.json: RFC 7591 metadata plus client_id and client_secret")
func clientInfo() throws {
    let info = try parseClient(
        """
        {"redirect_uris":["http://localhost:3334/oauth/callback"],"token_endpoint_auth_method":"none",
         "grant_types":["authorization_code","refresh_token"],"response_types":["code"],"client_name":"MCP CLI Proxy",
         "client_uri":"https://github.com/modelcontextprotocol/mcp-cli","software_id":"2e6dc280-f3c3-4e01-99a7-8181dbd1d23d",
         "software_version":"0.1.37","client_id":"cid-123","client_id_issued_at":1767225600}
        """)
    #expect(info.clientID == "cid-123" && info.clientSecret == nil && info.tokenEndpointAuthMethod == "none")
    #expect(info.redirectURIs == ["http://localhost:3334/oauth/callback"])
    let secret = try parseClient(#"{"client_id":"c","client_secret":"s3cret","client_secret_expires_at":0}"#)
    #expect(secret.clientSecret == "s3cret" && secret.tokenEndpointAuthMethod == "client_secret_basic" && secret.clientSecretExpiresAt == 0)
    #expect(try parseClient(#"{"client_id":"c","client_secret":""}"#).clientSecret == nil)
    #expect(
        try parseClient(#"{"client_id":"c","client_secret":"s","token_endpoint_auth_method":"client_secret_post"}"#).tokenEndpointAuthMethod
            == "client_secret_post")
    for bad in [
        #"{"client_id":""}"#, #"{"client_secret":"s"}"#, #"{"client_id":7}"#, #"{"client_id":"c","redirect_uris":"http://x"}"#,
        #"{"client_id":"c","redirect_uris":[1]}"#, #"{"client_id":"c","token_endpoint_auth_method":"private_key_jwt"}"#, "[]", "nope"
    ] {
        #expect(throws: VaultError.self, "\(bad)") { try parseClient(bad) }
    }
}

// MARK: hostile contents

@Test("hostile tokens files: each is a .damaged error naming the file and the rule, never a value")
func hostileTokens() {
    let cases = [
        "not json at all", "", "[]", #"["access_token","at-in-array"]"#, #""at-string""#, "null",
        #"{"token_type":"bearer","refresh_token":"rt-orphan"}"#, #"{"access_token":""}"#, #"{"access_token":12345678}"#,
        #"{"access_token":"at-1","refresh_token":99}"#, #"{"access_token":"at-2","expires_at":"1767225600000"}"#,
        #"{"access_token":"at-3","expires_in":-5}"#, #"{"access_token":"at-4","expires_at":1e400}"#,
        #"{"access_token":"at-5","scope":["a","b"]}"#, #"{"access_token":"at-6","token_type":"mac"}"#,
        #"{"access_token":"at-7","token_type":"bearer",}"#, String(repeating: "[", count: 5000),
        #"{"access_token":"at-8","nest":"# + String(repeating: "{\"a\":", count: 40) + "1" + String(repeating: "}", count: 40) + "}"
    ]
    for text in cases {
        let error = tokenError(text)
        #expect(error?.code == .damaged, "\(text.prefix(40))")
        #expect(error?.message.hasPrefix("/x/h_tokens.json ") == true)
        for secret in ["at-in-array", "at-string", "rt-orphan", "12345678", "at-1", "at-2", "at-3", "at-4", "at-5", "at-6", "at-7", "at-8"] {
            #expect(error?.message.contains(secret) != true, "\(secret) leaked")
        }
    }
    #expect(tokenError(#"{"token_type":"bearer"}"#)?.message.contains("no access_token") == true)
}

@Test("the parsed values never show their secrets when printed")
func descriptionsWithholdValues() throws {
    let tokens = try parseTokens(#"{"access_token":"at-visible?","refresh_token":"rt-visible?"}"#)
    let client = try parseClient(#"{"client_id":"c","client_secret":"cs-visible?"}"#)
    for text in ["\(tokens)", "\(client)", String(describing: tokens), String(reflecting: tokens.description)] {
        #expect(!text.contains("visible?"))
    }
}

// MARK: files and directories

@Test("reading: a symlink is refused, not followed; a huge file, a FIFO and a directory are refused")
func hostileFiles() throws {
    try withCacheScratch { dir in
        try write(#"{"access_token":"target"}"#, to: dir + "/target.json")
        #expect(symlink(dir + "/target.json", dir + "/\(hashA)_tokens.json") == 0)
        let linked = #expect(throws: VaultError.self) { try MCPRemoteCache.read(dir + "/\(hashA)_tokens.json") }
        #expect(linked?.message.contains("symbolic link") == true)

        try write(String(repeating: " ", count: MCPRemoteCache.maxFileSize) + "{}", to: dir + "/\(hashB)_tokens.json")
        #expect(#expect(throws: VaultError.self) { try MCPRemoteCache.read(dir + "/\(hashB)_tokens.json") }?.code == .damaged)
        try write(String(repeating: " ", count: MCPRemoteCache.maxFileSize - 2) + "{}", to: dir + "/exact.json")
        #expect(try MCPRemoteCache.read(dir + "/exact.json").count == MCPRemoteCache.maxFileSize)

        #expect(mkfifo(dir + "/fifo", 0o600) == 0)
        #expect(throws: VaultError.self) { try MCPRemoteCache.read(dir + "/fifo") }  // returns at once: O_NONBLOCK
        #expect(throws: VaultError.self) { try MCPRemoteCache.read(dir) }
        #expect(throws: VaultError.self) { try MCPRemoteCache.read(dir + "/missing") }
    }
}

@Test("grouping: files of one server share a hash; other names are set apart")
func grouping() throws {
    try withCacheScratch { dir in
        for name in [
            "\(hashA)_tokens.json", "\(hashA)_client_info.json", "\(hashA)_code_verifier_77.txt", "\(hashA)_lock.json",
            "\(hashB)_tokens.json", "\(hashB)_debug.log", "README", ".DS_Store"
        ] {
            try write("{}", to: dir + "/" + name)
        }
        #expect(mkdir(dir + "/\(hashA)_subdir", 0o700) == 0)
        let entries = try MCPRemoteCache.list(dir)
        #expect(entries.count == 9)
        #expect(entries.first { $0.name == "\(hashA)_subdir" }?.type == .directory)
        let split = MCPRemoteCache.group(entries)
        #expect(split.others.map(\.name) == [".DS_Store", "README"])
        #expect(split.groups.map(\.hash) == [hashB, hashA].sorted())
        let a = try #require(split.groups.first { $0.hash == hashA })
        #expect(a.file(.tokens)?.name == "\(hashA)_tokens.json" && a.file(.clientInfo)?.path == dir + "/\(hashA)_client_info.json")
        #expect(a.files(.codeVerifier).count == 1 && a.file(.lock) != nil && a.file(.unknown)?.type == .directory)
        let b = try #require(split.groups.first { $0.hash == hashB })
        #expect(b.files.map(\.kind) == [.debugLog, .tokens] && b.file(.clientInfo) == nil)
    }
}

@Test("§2.1: cache directories are the mcp-remote-* subdirectories; symlinked ones are skipped")
func cacheDirectories() throws {
    try withCacheScratch { base in
        for name in ["mcp-remote-0.1.37", "mcp-remote-v1", "unrelated"] { #expect(mkdir(base + "/" + name, 0o755) == 0) }
        #expect(symlink("/etc", base + "/mcp-remote-evil") == 0)
        try write("x", to: base + "/mcp-remote-file")
        let found = try MCPRemoteCache.cacheDirectories(base: base)
        #expect(found.directories == [base + "/mcp-remote-0.1.37", base + "/mcp-remote-v1"])
        #expect(found.skipped.map(\.name) == ["mcp-remote-evil", "mcp-remote-file"])
        #expect(try MCPRemoteCache.cacheDirectories(base: base + "/missing").directories.isEmpty)
        #expect(try MCPRemoteCache.cacheDirectories(base: base + "/mcp-remote-v1/").directories == [base + "/mcp-remote-v1"])
    }
}

// MARK: shredding

@Test("shredding overwrites the content in place with random bytes of its length, then removes the file")
func shredding() throws {
    try withCacheScratch { dir in
        let path = dir + "/\(hashA)_tokens.json"
        let original = #"{"access_token":"shred-me-access","refresh_token":"shred-me-refresh"}"#
        try write(original, to: path)
        // An open descriptor still sees the inode after the unlink: it shows what is on disk now.
        let witness = open(path, O_RDONLY)
        try #require(witness >= 0)
        defer { close(witness) }
        try Shredder.shred(path)
        #expect(!fileExists(path))
        var after = [UInt8](repeating: 0, count: original.utf8.count + 16)
        let n = after.withUnsafeMutableBytes { pread(witness, $0.baseAddress, $0.count, 0) }
        #expect(n == original.utf8.count)
        let text = String(decoding: after[0..<max(n, 0)], as: UTF8.self)
        #expect(!text.contains("shred-me") && Array(after[0..<max(n, 0)]) != Array(original.utf8))

        try write("", to: dir + "/empty")
        try Shredder.shred(dir + "/empty")
        #expect(!fileExists(dir + "/empty"))
    }
}

@Test("shredding refuses symlinks (the target is untouched), hard-linked files, directories and missing files")
func shreddingRefuses() throws {
    try withCacheScratch { dir in
        try write("keep me", to: dir + "/target")
        #expect(symlink(dir + "/target", dir + "/link") == 0)
        let linked = #expect(throws: VaultError.self) { try Shredder.shred(dir + "/link") }
        #expect(linked?.message.contains("symbolic link") == true)
        #expect(try MCPRemoteCache.read(dir + "/target") == Array("keep me".utf8) && fileExists(dir + "/link"))

        #expect(link(dir + "/target", dir + "/hard") == 0)
        #expect(throws: VaultError.self) { try Shredder.shred(dir + "/hard") }
        #expect(try MCPRemoteCache.read(dir + "/target") == Array("keep me".utf8))

        #expect(mkdir(dir + "/sub", 0o700) == 0)
        #expect(throws: VaultError.self) { try Shredder.shred(dir + "/sub") }
        #expect(throws: VaultError.self) { try Shredder.shred(dir + "/missing") }
        #expect(fileExists(dir + "/sub"))
    }
}
