import MCPTransport
import Testing
@testable import Bridge

/// Which failures make the bridge renew authorization (MCP authorization "Error Handling"; RFC 6750 §3.1).
@Suite struct AuthorizingTransportTests {
    func error(_ status: Int, _ challenges: [String] = [], code: TransportError.Code = .httpStatus) -> TransportError {
        TransportError(code: code, message: "x", status: status, challenges: challenges)
    }

    @Test func a401AlwaysAsks() {
        #expect(AuthorizingTransport.asksForAuthorization(error(401)))
        #expect(AuthorizingTransport.asksForAuthorization(error(401, [#"Bearer error="invalid_token""#])))
    }

    @Test func a403AsksOnlyForInsufficientScope() {
        #expect(AuthorizingTransport.asksForAuthorization(error(403, [#"Bearer error="insufficient_scope", scope="mcp:write""#])))
        #expect(!AuthorizingTransport.asksForAuthorization(error(403)))
        #expect(!AuthorizingTransport.asksForAuthorization(error(403, [#"Bearer error="invalid_token""#])))
        #expect(!AuthorizingTransport.asksForAuthorization(error(403, [#"Basic realm="insufficient_scope""#])))
    }

    @Test func otherFailuresDoNot() {
        #expect(!AuthorizingTransport.asksForAuthorization(error(500, [#"Bearer error="insufficient_scope""#])))
        #expect(!AuthorizingTransport.asksForAuthorization(error(404)))
        #expect(!AuthorizingTransport.asksForAuthorization(error(401, code: .streamBroken)))
    }
}
