// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import COpenSSL
import Platform
import Testing

@testable import PinnedHTTP

/// DESIGN.md invariant 4 and issue 2 item 8: https always; plain http only to loopback and only when allowed.
struct TrustPolicyTests {
    @Test func httpsIsAcceptedForAnyHost() throws {
        let target = try TrustPolicy().check("https://mcp.example.com/mcp")
        #expect(target.host == "mcp.example.com")
        #expect(target.scheme == "https")
    }

    @Test func plainHTTPIsRefusedWithoutTheFlagEvenOnLoopback() {
        #expect(throws: HTTPError.self) { try TrustPolicy().check("http://127.0.0.1:8080/mcp") }
    }

    @Test(arguments: ["http://127.0.0.1:1/mcp", "http://127.9.8.7/mcp", "http://[::1]:9/mcp", "http://localhost/mcp", "http://LOCALHOST/mcp"])
    func plainHTTPToLoopbackIsAcceptedWithTheFlag(url: String) throws {
        let target = try TrustPolicy(allowPlainHTTPToLoopback: true).check(url)
        #expect(target.isLoopback)
    }

    @Test(arguments: [
        "http://mcp.example.com/mcp", "http://127.0.0.1.evil.example/mcp", "http://10.0.0.1/mcp", "http://128.0.0.1/",
        "http://localhost.evil.example/", "http://0x7f000001/"
    ])
    func plainHTTPToOtherHostsIsRefusedEvenWithTheFlag(url: String) {
        #expect(throws: HTTPError.self) { try TrustPolicy(allowPlainHTTPToLoopback: true).check(url) }
    }

    @Test(arguments: [
        "ftp://example.com/", "file:///etc/passwd", "mcp.example.com/mcp", "", "https://", "https://user:pw@example.com/mcp", "javascript:alert(1)"
    ])
    func malformedOrForeignURLsAreRefused(url: String) {
        #expect(throws: HTTPError.self) { try TrustPolicy(allowPlainHTTPToLoopback: true).check(url) }
    }

    /// A registry entry's hosts: a redirect, an SSE endpoint or a metadata URL elsewhere is refused.
    @Test func onlyAllowedHostsAreReachableWhenTheListIsSet() throws {
        var policy = TrustPolicy(pinOwner: "Example MCP")
        policy.allowedHosts = ["mcp.example.com", "auth.example.com"]
        #expect(try policy.check("https://MCP.example.com/mcp").host == "mcp.example.com")
        #expect(try policy.check("https://auth.example.com:8443/token").host == "auth.example.com")
        for url in ["https://evil.example/mcp", "https://mcp.example.com.evil.example/", "https://example.com/", "https://sub.mcp.example.com/"] {
            do {
                _ = try policy.check(url)
                Issue.record("\(url) was allowed")
            } catch {
                #expect(error.code == .policy)
                #expect(error.message.contains("is not a host of Example MCP"))
            }
        }
    }

    @Test func originIncludesTheDefaultPort() {
        #expect(RequestTarget("https://Example.COM/a")?.origin == "https://example.com:443")
        #expect(RequestTarget("https://[::1]:8443/a")?.origin == "https://[::1]:8443")
        #expect(RequestTarget("http://127.0.0.1/a")?.origin == "http://127.0.0.1:80")
    }
}

struct ResponseHeadTests {
    @Test func headerLookupIsCaseInsensitiveAndMediaTypeDropsParameters() {
        let head = HTTPResponseHead(
            status: 200,
            headers: [
                .init(name: "content-type", value: "Text/Event-Stream; charset=utf-8"),
                .init(name: "mcp-session-id", value: "abc")
            ])
        #expect(head.value("Mcp-Session-Id") == "abc")
        #expect(head.mediaType == "text/event-stream")
        #expect(head.value("missing") == nil)
    }
}

/// Pins are `sha256/` + base64 of exactly 32 bytes.
struct SPKIPinTests {
    @Test func aWellFormedPinRoundTrips() throws {
        let text = "sha256/s2rs94WrfDPy0UXbDFmBXP1VrVffx1LVILwHXm4jNFc="
        let pin = try #require(SPKIPin(text))
        #expect(pin.description == text)
        #expect(pin.digest.count == 32)
    }

    @Test(arguments: [
        "", "sha256/", "sha1/s2rs94WrfDPy0UXbDFmBXP1VrVffx1LVILwHXm4jNFc=", "s2rs94WrfDPy0UXbDFmBXP1VrVffx1LVILwHXm4jNFc=",
        "sha256/not base64!", "sha256/AAAA", "sha256/" + String(repeating: "A", count: 64)
    ])
    func malformedPinsAreRejected(text: String) { #expect(SPKIPin(text) == nil) }

    /// The published pin of ISRG Root X1 (Let's Encrypt), from Debian's ca-certificates.
    @Test func aPinIsDerivedFromACertificate() throws {
        let pem = try FileBytes.read("/etc/ssl/certs/ISRG_Root_X1.pem", limit: 1 << 20)
        #expect(SPKIPin(certificatePEM: pem)?.description == "sha256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=")
    }

    @Test func somethingThatIsNotACertificateHasNoPin() {
        #expect(SPKIPin(certificatePEM: Array("-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n".utf8)) == nil)
        #expect(SPKIPin(certificatePEM: []) == nil)
    }
}

struct PEMBundlePinTests {
    @Test func everyCertificateOfABundleIsPinned() throws {
        let bundle = try FileBytes.read("/etc/ssl/certs/ca-certificates.crt", limit: 16 << 20)
        let pins = SPKIPin.all(inPEM: bundle)
        #expect(pins.count > 100)
        #expect(pins.contains(SPKIPin("sha256/C5+lpZ7tcVwmwQIMcRtPbsQtWLABXhQzejna0wHFr8M=")!))
        #expect(SPKIPin.all(inPEM: Array("no certificates here".utf8)).isEmpty)
        #expect(SPKIPin.all(inPEM: Array("-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----".utf8)).isEmpty)
    }
}

/// The engine's one trust store: the system's anchors plus `--ca-file`'s, refused when the extra
/// anchors hold no certificate or a damaged one (instead of failing every connection later).
struct TrustStoreTests {
    @Test func theSystemStoreAloneAndWithRealExtraAnchorsIsBuilt() throws {
        _ = try TrustStore(extraAnchorsPEM: nil)
        let bundle = try FileBytes.read("/etc/ssl/certs/ca-certificates.crt", limit: 16 << 20)
        _ = try TrustStore(extraAnchorsPEM: bundle)
    }

    @Test(arguments: ["no certificates here", "-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n", ""])
    func extraAnchorsWithoutAGoodCertificateAreRefused(_ text: String) {
        #expect(throws: HTTPError.self) { _ = try TrustStore(extraAnchorsPEM: Array(text.utf8)) }
    }

    @Test func aDamagedCertificateAfterAGoodOneIsRefused() throws {
        let bundle = try FileBytes.read("/etc/ssl/certs/ca-certificates.crt", limit: 16 << 20)
        let damaged = bundle + Array("\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".utf8)
        #expect(throws: HTTPError.self) { _ = try TrustStore(extraAnchorsPEM: damaged) }
    }

    @Test func onlyADirectoryWithHashLinksIsUsedAsOne() {
        #expect(cossl_is_hashed_dir("/etc/ssl/certs") == 1)
        #expect(cossl_is_hashed_dir("/tmp/no such directory") == 0)
        #expect(cossl_is_hashed_dir(nil) == 0)
        #expect(cossl_is_hashed_dir("/proc/self") == 0)
    }
}
