// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP
import Platform
import Synchronization
import Testing

@testable import MCPTransport

private func makeServer(_ url: String) throws -> RemoteServer {
    RemoteServer(url: url, headers: [], engine: try HTTPEngine(policy: TrustPolicy()), log: Diagnostics())
}

/// MCP 2024-11-05 HTTP+SSE: the endpoint event resolves against the SSE URL; another origin is refused
/// (reference C-34, E-13).
struct LegacyEndpointTests {
    @Test(arguments: [
        ("/messages/?session_id=abc", "https://mcp.example.com/messages/?session_id=abc"),
        ("messages?x=1", "https://mcp.example.com/v1/messages?x=1"),
        ("https://mcp.example.com/other", "https://mcp.example.com/other"),
        ("  /m\r\n", "https://mcp.example.com/m")
    ])
    func sameOriginEndpointsResolve(data: String, expected: String) throws {
        let client = LegacySSEClient(server: try makeServer("https://mcp.example.com/v1/sse"), sink: { _ in })
        #expect(try client.resolveEndpoint(data) == expected)
    }

    @Test(arguments: [
        "https://evil.example/messages", "//evil.example/messages", "http://mcp.example.com/messages",
        "https://mcp.example.com:8443/messages", "https://mcp.example.com.evil.example/m", "ftp://mcp.example.com/m"
    ])
    func crossOriginEndpointsAreRefused(data: String) throws {
        let client = LegacySSEClient(server: try makeServer("https://mcp.example.com/v1/sse"), sink: { _ in })
        #expect(throws: TransportError.self) { try client.resolveEndpoint(data) }
    }
}

/// MCP 2026-07-28 Streamable HTTP "Value Encoding" of mirrored header values.
struct HeaderValueTests {
    @Test(arguments: ["tools/call", "echo", "two words", "file:///a/b.txt"])
    func plainValuesTravelBare(value: String) { #expect(HeaderValue.encode(value) == value) }

    @Test(arguments: [
        ("Hello, 世界", "=?base64?SGVsbG8sIOS4lueVjA==?="), (" padded ", "=?base64?IHBhZGRlZCA=?="),
        ("line1\nline2", "=?base64?bGluZTEKbGluZTI=?="), ("", "=?base64??="), ("=?base64?x?=", "=?base64?PT9iYXNlNjQ/eD89?=")
    ])
    func unsafeValuesAreSentinelEncoded(value: String, expected: String) { #expect(HeaderValue.encode(value) == expected) }
}

/// The backwards-compatibility procedure (2025-11-25 transports): fall back on 400/404/405
/// without a modern JSON-RPC error body, never on 401/403 or network errors.
struct FallbackRuleTests {
    @Test(arguments: [400, 404, 405])
    func legacyStatusesFallBack(status: Int) {
        #expect(NegotiatingTransport.shouldFallBack(after: TransportError(code: .httpStatus, message: "", status: status), from: .streamableHTTP))
    }

    @Test(arguments: [401, 403, 500, 502, 406, 415])
    func otherStatusesDoNotFallBack(status: Int) {
        #expect(!NegotiatingTransport.shouldFallBack(after: TransportError(code: .httpStatus, message: "", status: status), from: .streamableHTTP))
    }

    @Test func aModernErrorBodyDoesNotFallBack() throws {
        let body = try JSONParser.parse(Array(#"{"code":-32022,"message":"unsupported protocol version"}"#.utf8))
        #expect(
            !NegotiatingTransport.shouldFallBack(after: TransportError(code: .httpStatus, message: "", status: 400, serverError: body), from: .streamableHTTP))
    }

    @Test func networkFailuresDoNotFallBack() {
        #expect(!NegotiatingTransport.shouldFallBack(after: TransportError(code: .unreachable, message: ""), from: .streamableHTTP))
        #expect(!NegotiatingTransport.shouldFallBack(after: TransportError(code: .unreachable, message: ""), from: .legacySSE))
    }

    @Test func sseFirstFallsBackWhenTheStreamIsRefused() {
        #expect(NegotiatingTransport.shouldFallBack(after: TransportError(code: .httpStatus, message: "", status: 405), from: .legacySSE))
        #expect(!NegotiatingTransport.shouldFallBack(after: TransportError(code: .httpStatus, message: "", status: 401), from: .legacySSE))
    }

    @Test(arguments: [("auto", true), ("http-first", true), ("sse-first", true), ("http", false), ("http-only", false), ("sse", false), ("sse-only", false)])
    func modesMapToPlans(mode: String, fallback: Bool) throws {
        let parsed = try #require(TransportMode(rawValue: mode))
        #expect(parsed.plan.fallback == fallback)
    }
}

/// A session id from the server is echoed in every later request's header: anything that could
/// split or smuggle a header is refused (2025-11-25 "Session Management": visible ASCII only).
struct SessionIDTests {
    @Test(arguments: ["abc\r\nX-Injected: 1", "abc\n", "abc\r", "a\u{0}b", "a\u{7F}b", "a\u{1B}[31m", " leading", "trailing ", "\u{FEFF}abc"])
    func hostileServerValuesAreRefused(value: String) {
        #expect(!SessionID.isValid(value))
    }

    @Test func theLengthLimitIs1024Bytes() {
        #expect(SessionID.isValid(String(repeating: "a", count: 1024)))
        #expect(!SessionID.isValid(String(repeating: "a", count: 1025)))
        #expect(SessionID.isValid("!~" + String(repeating: "Z", count: 10)))
    }

    @Test func visibleASCIIOnly() {
        #expect(SessionID.isValid("af2798557b9e4900b27620cbb710380a"))
        #expect(!SessionID.isValid(""))
        #expect(!SessionID.isValid("has space"))
        #expect(!SessionID.isValid("tab\there"))
        #expect(!SessionID.isValid("ünï"))
        #expect(!SessionID.isValid(String(repeating: "a", count: 2000)))
    }
}

/// The session id comes from the server's answer to `initialize`: a malformed one is refused
/// before it could be stored and echoed in later requests (2025-11-25 "Session Management").
struct ServerSessionIDTests {
    @Test(arguments: ["has space", "ctl\u{1}char", "ünï"])
    func aMalformedSessionIDFromTheServerIsRefused(sessionID: String) async throws {
        let body = #"{"jsonrpc":"2.0","id":1,"result":{"protocolVersion":"2025-11-25","capabilities":{},"serverInfo":{"name":"s","version":"1"}}}"#
        let server = try OneShotHTTPServer(
            response: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: \(sessionID)\r\n"
                + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        let engine = try HTTPEngine(policy: TrustPolicy(allowPlainHTTPToLoopback: true))
        defer { engine.shutdown() }
        let delivered = Mutex(0)
        let client = StreamableHTTPClient(
            server: RemoteServer(url: "http://127.0.0.1:\(server.port)/mcp", headers: [], engine: engine, log: Diagnostics(quiet: true)),
            sink: { _ in delivered.withLock { $0 += 1 } })
        let initialize = try JSONRPCMessage.decode(Array(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#.utf8))
        do {
            try await client.send(initialize)
            Issue.record("a malformed Mcp-Session-Id was accepted")
        } catch {
            #expect(error.code == .protocolViolation)
            #expect(error.message.contains("malformed Mcp-Session-Id"))
            #expect(!error.message.contains(sessionID), "the error must not echo the server's value")
        }
        #expect(client.currentSession().sessionID == nil)
        #expect(delivered.withLock { $0 } == 0, "the answer of a refused session must not reach the editor")
        withExtendedLifetime(server) {}
    }
}

/// `--header` cannot override what the transports manage, and the OAuth token goes on every
/// request unless the user gave their own `Authorization` (MCP authorization "Token Requirements").
struct ManagedHeaderTests {
    private func headers(user: [(name: String, value: String)], token: String?) throws -> [String] {
        let slot = CredentialSlot()
        slot.replace(with: token)
        let server = RemoteServer(
            url: "https://mcp.example.com/mcp", headers: user, engine: try HTTPEngine(policy: TrustPolicy()),
            log: Diagnostics(), credentials: slot)
        return ManagedHeaders.base(for: server, accept: "text/event-stream").map { "\($0.name): \($0.value)" }
    }

    @Test func managedNamesFromTheUserAreDroppedWhateverTheirCase() throws {
        let sent = try headers(
            user: [
                ("ACCEPT", "*/*"), ("Mcp-Session-Id", "forged"), ("mcp-protocol-version", "1999"),
                ("Last-Event-ID", "9"), ("Host", "evil.example"), ("X-Api-Key", "k")
            ], token: nil)
        #expect(sent == ["X-Api-Key: k", "Accept: text/event-stream"])
    }

    @Test func theBearerTokenIsAddedUnlessTheUserSetAuthorization() throws {
        #expect(try headers(user: [], token: "t0k") == ["Authorization: Bearer t0k", "Accept: text/event-stream"])
        #expect(try headers(user: [("authorization", "Basic dTpw")], token: "t0k") == ["authorization: Basic dTpw", "Accept: text/event-stream"])
        #expect(try headers(user: [], token: nil) == ["Accept: text/event-stream"])
    }
}

/// `--response-timeout` (DESIGN.md invariant 11): every MCP request is bounded until its head;
/// a late head is a timeout the bridge answers with -32001, not an unreachable server.
struct ResponseTimeoutTests {
    @Test func everyRequestToTheServerCarriesTheHeadBound() throws {
        var server = try makeServer("https://mcp.example.com/mcp")
        defer { server.engine.shutdown() }
        server.responseTimeoutSeconds = 7
        let request = server.request("POST", headers: [], body: [])
        #expect(request.headTimeoutMilliseconds == 7000)
        #expect(request.totalTimeoutMilliseconds == nil)  // what follows the head is never cut
        #expect(server.request("GET", url: "https://mcp.example.com/sse", headers: []).url == "https://mcp.example.com/sse")
    }

    @Test func aLateHeadIsATimeoutNamingTheOption() {
        let error = TransportError.from(HTTPError(code: .timeout, host: "mcp.example.com", message: "no response within 3 s"), doing: "sending tools/call")
        #expect(error.code == .timeout)
        #expect(error.message == "sending tools/call: mcp.example.com: no response within 3 s (--response-timeout)")
        let refused = TransportError.from(HTTPError(code: .connect, host: "mcp.example.com", message: "refused"), doing: "sending initialize")
        #expect(refused.code == .unreachable)
    }
}
