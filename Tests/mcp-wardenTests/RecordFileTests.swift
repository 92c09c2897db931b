// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import OAuth
import PinnedHTTP
import Platform
import Testing

@testable import mcp_warden

/// known-issuers.json and tls-inspection.json: round trips, damage reported, loose modes refused.
@Suite struct RecordFileTests {
    func temporaryDirectory() throws -> String {
        var template = Array("/tmp/mcp-warden-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!).map { String(cString: $0) } }
        return try #require(made) + "/config"
    }

    func overwrite(_ path: String, with text: String) {
        let fd = open(path, O_WRONLY | O_TRUNC)
        _ = text.withCString { write(fd, $0, strlen($0)) }
        close(fd)
    }

    @Test func knownIssuersRoundTripAndDamageIsReported() throws {
        let store = KnownIssuerStore(directory: try temporaryDirectory())
        #expect(try store.load().isEmpty)
        let records = [KnownIssuerStore.Record(server: "https://a.example/mcp", issuer: "https://auth.a.example", firstSeen: "2026-11-21")]
        try store.save(records)
        #expect(try store.load() == records)
        var info = stat()
        stat(store.path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        for damage in [
            "", "{", "null", "[]", #"{"version":2,"servers":[]}"#, #"{"version":1}"#, #"{"version":1,"servers":[{"server":"x"}]}"#,
            #"{"version":1,"servers":[{"server":1,"issuer":"y"}]}"#, #"{"version":1,"servers":{}}"#
        ] {
            overwrite(store.path, with: damage)
            let error = try #require(throws: UserError.self, "\(damage)") { try store.load() }
            #expect(error.message.contains("is damaged"))
            #expect(error.kind == .config)
        }
    }

    @Test func aFileOthersCanWriteIsNotTrusted() throws {
        let store = InspectionRecordStore(directory: try temporaryDirectory())
        try store.note(endpoint: "atlassian", caFile: "/etc/corp.pem")
        #expect(try store.load().map(\.endpoint) == ["atlassian"])
        chmod(store.path, 0o666)
        let error = try #require(throws: UserError.self) { try store.load() }
        #expect(error.message.contains("writable by other users"))
    }

    @Test func aNewNoteReplacesTheEndpointsOldOne() throws {
        let store = InspectionRecordStore(directory: try temporaryDirectory())
        try store.note(endpoint: "atlassian", caFile: "/etc/old.pem")
        try store.note(endpoint: "cloudflare-docs", caFile: "/etc/corp.pem")
        try store.note(endpoint: "atlassian", caFile: "/etc/new.pem")
        #expect(try store.load().map { "\($0.endpoint)=\($0.caFile)" } == ["cloudflare-docs=/etc/corp.pem", "atlassian=/etc/new.pem"])
    }

    /// Issue 13 item 4: files that decide trust are held to the vault's rules.
    @Test func aSymlinkALooseModeOrALooseDirectoryIsRefusedAndNotRewritten() throws {
        let directory = try temporaryDirectory()
        let store = UserEndpointStore(directory: directory)
        try store.save([UserEndpoint(name: "mine", url: "https://mine.example/mcp", pins: [], caFile: nil, hosts: [])])
        #expect(try store.load().map(\.name) == ["mine"])
        // Another file, elsewhere, reached through a symbolic link.
        let elsewhere = directory + "/../elsewhere.json"
        rename(store.path, elsewhere)
        symlink(elsewhere, store.path)
        var error = try #require(throws: UserError.self) { try store.load() }
        #expect(error.kind == .config && error.message.contains("symbolic link"))
        unlink(store.path)
        rename(elsewhere, store.path)
        chmod(store.path, 0o640)
        error = try #require(throws: UserError.self) { try store.load() }
        #expect(error.kind == .config && error.message.contains("readable or writable by other users"))
        chmod(store.path, 0o600)
        chmod(directory, 0o755)
        error = try #require(throws: UserError.self) { try store.load() }
        #expect(error.kind == .config && error.hint?.contains("chmod 700") == true)
        chmod(directory, 0o700)
        #expect(try store.load().map(\.name) == ["mine"])
    }

    /// Issue 13 item 1: an issuer read from the vault is checked, never recorded; a server URL is
    /// recorded without the secrets of its query.
    @Test func onlyDiscoveryRecordsAnIssuerAndRecordsHoldNoQuerySecret() throws {
        let store = KnownIssuerStore(directory: try temporaryDirectory())
        let log = Diagnostics(debugEnabled: false, quiet: true)
        let url = "https://b.example/mcp?api_key=SECRET-IN-URL"
        let approve = store.approval(for: url, acceptNew: false, log: log)
        #expect(throws: OAuthError.self) { try approve("https://auth.a.example", false) }
        #expect(try store.load().isEmpty)
        try approve("https://auth.b.example", true)
        #expect(try store.load().map(\.issuer) == ["https://auth.b.example"])
        #expect(try store.load().allSatisfy { !$0.server.contains("SECRET") })
        try approve("https://auth.b.example", false)
        #expect(throws: OAuthError.self) { try approve("https://auth.a.example", false) }
        // Not even --accept-new-issuer takes an issuer from the vault.
        #expect(throws: OAuthError.self) { try store.approval(for: url, acceptNew: true, log: log)("https://auth.a.example", false) }
        #expect(try store.load().map(\.issuer) == ["https://auth.b.example"])
        let bytes = try #require(try ConfigFile.readTrusted(store.path))
        #expect(!String(decoding: bytes, as: UTF8.self).contains("SECRET"))
    }
}
