// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import mcp_warden

/// User endpoints: strict names, https (http only to loopback), valid pins; a damaged file is
/// reported and left as it is.
struct UserEndpointTests {
    @Test(arguments: ["a", "my-server", "x1", String(repeating: "a", count: 63)])
    func goodNames(name: String) throws { try UserEndpoint.validate(name: name) }

    @Test(arguments: ["", "-x", "My", "a_b", "a b", "a/b", "ü", String(repeating: "a", count: 64), "atlassian", "cloudflare-docs"])
    func badNames(name: String) { #expect(throws: UserError.self) { try UserEndpoint.validate(name: name) } }

    @Test(arguments: ["ftp://x/", "http://example.com/mcp", "not a url", "https://user:pw@x.example/"])
    func badURLsAreRefused(url: String) {
        #expect(throws: UserError.self) { try UserEndpoint(name: "x", url: url, pins: [], caFile: nil, hosts: []).validated() }
    }

    @Test func badPinsHostsAndRelativeCAFilesAreRefused() {
        #expect(throws: UserError.self) { try UserEndpoint(name: "x", url: "https://x.example/", pins: ["sha256/AAAA"], caFile: nil, hosts: []).validated() }
        #expect(throws: UserError.self) { try UserEndpoint(name: "x", url: "https://x.example/", pins: [], caFile: nil, hosts: ["a/b"]).validated() }
        #expect(throws: UserError.self) { try UserEndpoint(name: "x", url: "https://x.example/", pins: [], caFile: "rel.pem", hosts: []).validated() }
    }

    @Test func matchingComparesOriginAndPath() {
        let endpoint = UserEndpoint(name: "x", url: "https://mcp.example.com/v1/mcp", pins: [], caFile: nil, hosts: [])
        #expect(endpoint.matches("https://mcp.example.com/v1/mcp"))
        #expect(endpoint.matches("https://MCP.example.com:443/v1/mcp/"))
        #expect(!endpoint.matches("https://mcp.example.com/v1/mcpx"))
        #expect(!endpoint.matches("https://mcp.example.com.evil.example/v1/mcp"))
        #expect(!endpoint.matches("https://mcp.example.com:8443/v1/mcp"))
        #expect(!endpoint.matches("http://mcp.example.com/v1/mcp"))
    }

    @Test func storeRoundTripsAndReportsDamage() throws {
        var template = Array("/tmp/mcp-warden-test-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!).map { String(cString: $0) } }
        let directory = try #require(made)
        let store = UserEndpointStore(directory: directory + "/config")
        #expect(try store.load().isEmpty)
        let endpoint = UserEndpoint(
            name: "a", url: "https://a.example/mcp", pins: ["sha256/s2rs94WrfDPy0UXbDFmBXP1VrVffx1LVILwHXm4jNFc="],
            caFile: "/etc/ssl/certs/ISRG_Root_X1.pem", hosts: ["auth.a.example"])
        try store.save([endpoint])
        #expect(try store.load() == [endpoint])
        for damage in [
            "", "{", "[]", #"{"version":2,"endpoints":[]}"#, #"{"version":1}"#, #"{"version":1,"endpoints":[{"name":"a"}]}"#,
            #"{"version":1,"endpoints":[{"name":"A","url":"https://a.example/"}]}"#
        ] {
            let fd = open(store.path, O_WRONLY | O_TRUNC)
            _ = damage.withCString { write(fd, $0, strlen($0)) }
            close(fd)
            #expect(throws: UserError.self, "\(damage)") { try store.load() }
        }
    }
}
