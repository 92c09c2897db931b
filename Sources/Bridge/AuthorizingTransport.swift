import MCPFraming
import MCPTransport
import OAuth

/// Wraps the remote transport with OAuth: a 401, or a 403 whose challenge is
/// `insufficient_scope`, makes the session renew the token (refresh, authorization or step-up),
/// then the same message is sent again. The server processed nothing it refused, so a resend
/// cannot duplicate work. Attempts per message are bounded (MCP "Step-Up Authorization Flow").
final class AuthorizingTransport: ClientTransport {
    let inner: any ClientTransport
    let session: OAuthSession
    static let maxAttempts = 4

    init(inner: any ClientTransport, session: OAuthSession) {
        self.inner = inner
        self.session = session
    }

    func send(_ message: JSONRPCMessage) async throws(TransportError) {
        var attempts = 0
        var renewedAfter401 = false
        await session.refreshIfDue()
        while true {
            let generation = session.credentials.generation
            do {
                try await inner.send(message)
                return
            } catch where Self.asksForAuthorization(error) {
                attempts += 1
                // A 401 right after this message got a new token: another browser round would not help.
                if error.status == 401 && renewedAfter401 {
                    throw TransportError(code: .unauthorized, message: "the server refused the token it just granted (HTTP 401)", status: 401,
                                         hint: "the server may not accept tokens for the resource it advertises; try --resource, or report it to the provider")
                }
                if error.status == 401 { renewedAfter401 = true }
                guard attempts < Self.maxAttempts else {
                    throw TransportError(code: .unauthorized, message: "the server still refuses the request after \(attempts - 1) authorizations (HTTP \(error.status ?? 0))",
                                         status: error.status, hint: "check that your account may use this server and tool")
                }
                do {
                    try await session.recover(status: error.status ?? 401, challenge: error.challenges, seenGeneration: generation)
                } catch {
                    // Transient trouble keeps the tokens: "try again"; anything else needs the user.
                    let advice = error.code == .unavailable ? "; try again shortly" : "; run \(session.loginCommand) in a terminal to authorize"
                    throw TransportError(code: .unauthorized, message: error.message + advice, status: nil, hint: error.hint)
                }
            }
        }
    }

    func close() async {
        await inner.close()
    }

    /// 401 always; 403 only with a Bearer `insufficient_scope` challenge (RFC 6750 §3.1).
    static func asksForAuthorization(_ error: TransportError) -> Bool {
        guard error.code == .httpStatus, let status = error.status else { return false }
        if status == 401 { return true }
        return status == 403 && BearerChallenge(fieldValues: error.challenges)?.isInsufficientScope == true
    }
}
