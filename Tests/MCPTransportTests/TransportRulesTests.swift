import MCPFraming
import PinnedHTTP
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
        ("  /m\r\n", "https://mcp.example.com/m"),
    ])
    func sameOriginEndpointsResolve(data: String, expected: String) throws {
        let client = LegacySSEClient(server: try makeServer("https://mcp.example.com/v1/sse"), sink: { _ in })
        #expect(try client.resolveEndpoint(data) == expected)
    }

    @Test(arguments: ["https://evil.example/messages", "//evil.example/messages", "http://mcp.example.com/messages",
                      "https://mcp.example.com:8443/messages", "https://mcp.example.com.evil.example/m", "ftp://mcp.example.com/m"])
    func crossOriginEndpointsAreRefused(data: String) throws {
        let client = LegacySSEClient(server: try makeServer("https://mcp.example.com/v1/sse"), sink: { _ in })
        #expect(throws: TransportError.self) { try client.resolveEndpoint(data) }
    }
}

/// MCP 2026-07-28 Streamable HTTP "Value Encoding" of mirrored header values.
struct HeaderValueTests {
    @Test(arguments: ["tools/call", "echo", "two words", "file:///a/b.txt"])
    func plainValuesTravelBare(value: String) { #expect(HeaderValue.encode(value) == value) }

    @Test(arguments: [("Hello, 世界", "=?base64?SGVsbG8sIOS4lueVjA==?="), (" padded ", "=?base64?IHBhZGRlZCA=?="),
                      ("line1\nline2", "=?base64?bGluZTEKbGluZTI=?="), ("", "=?base64??="), ("=?base64?x?=", "=?base64?PT9iYXNlNjQ/eD89?=")])
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
        #expect(!NegotiatingTransport.shouldFallBack(after: TransportError(code: .httpStatus, message: "", status: 400, serverError: body), from: .streamableHTTP))
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

struct SessionIDTests {
    @Test func visibleASCIIOnly() {
        #expect(SessionID.isValid("af2798557b9e4900b27620cbb710380a"))
        #expect(!SessionID.isValid(""))
        #expect(!SessionID.isValid("has space"))
        #expect(!SessionID.isValid("tab\there"))
        #expect(!SessionID.isValid("ünï"))
        #expect(!SessionID.isValid(String(repeating: "a", count: 2000)))
    }
}
