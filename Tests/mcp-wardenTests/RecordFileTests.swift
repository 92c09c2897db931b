import Glibc
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
        for damage in ["", "{", "null", "[]", #"{"version":2,"servers":[]}"#, #"{"version":1}"#, #"{"version":1,"servers":[{"server":"x"}]}"#,
                       #"{"version":1,"servers":[{"server":1,"issuer":"y"}]}"#, #"{"version":1,"servers":{}}"#] {
            overwrite(store.path, with: damage)
            let error = try #require(throws: UserError.self, "\(damage)") { try store.load() }
            #expect(error.message.contains("is damaged"))
            #expect(error.status == .config)
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
}
