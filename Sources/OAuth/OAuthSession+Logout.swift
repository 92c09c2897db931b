// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// `mcp-warden logout` (issues 6 and 13): RFC 7009 revocation at the advertised endpoint — the
/// refresh token (RFC 7009 §2.1: revoking it may revoke the access tokens of the grant) and the
/// access token, each attempted whatever happened to the other, with the client's registered
/// authentication — then the tokens are purged from the vault, whether revocation worked or not.
public struct LogoutReport: Sendable {
    public var serverURL: String
    public var resource: String
    /// Nil for an imported entry whose authorization server could not be found.
    public var issuer: String?
    /// "refresh token", "access token": what the server confirmed revoked.
    public var revoked: [String] = []
    /// Why a token was not revoked: one line per failure; empty when all went well.
    public var failures: [String] = []
    /// True when a revocation was attempted (or needed and impossible) and failed.
    public var revocationFailed = false
    /// The server advertises no revocation endpoint: nothing could be attempted.
    public var noRevocationEndpoint = false
    /// False when the tokens could not be removed from the vault (reported by the store).
    public var removed = true
    public var clientForgotten = false
    public var tokensHeld = false
}

extension OAuthSession {
    /// Revokes and purges one stored grant. The session must have been made for
    /// `grant.serverURL`: its host policy and engine are those the grant was obtained under
    /// (`StoredTrust`), or the command line's for an entry that stored none.
    public func logout(_ listed: StoredGrant, forgetClient: Bool) async -> LogoutReport {
        let lock = try? await lockServer()
        defer { lock?.release() }
        // Read again under the lock: a bridge may have rotated the tokens since the listing, and
        // the tokens revoked must be the ones deleted.
        let grant = store?.current(listed.key) ?? listed
        var report = LogoutReport(serverURL: grant.serverURL, resource: grant.resource, issuer: grant.issuer.isEmpty ? nil : grant.issuer)
        if let tokens = grant.tokens {
            report.tokensHeld = true
            await revoke(tokens, grant: grant, into: &report)
        }
        guard let store else { return report }
        (report.removed, report.clientForgotten) = store.dropTokens(of: grant, forgetClient: forgetClient)
        if restored?.key == grant.key {
            tokens = nil
            refreshAt = nil
        }
        return report
    }

    private func revoke(_ tokens: TokenSet, grant: StoredGrant, into report: inout LogoutReport) async {
        let server: VerifiedServerMetadata
        if let stored = grant.discovered?.server {
            server = stored
        } else {
            do throws(OAuthError) {
                server = try await Discovery(http: http, log: log.debug).run(serverURL: grant.serverURL, challenge: nil, resourceOverride: grant.resource)
                    .server
            } catch {
                report.failures.append("the authorization server could not be found: \(error.message)")
                report.revocationFailed = true
                return
            }
            report.issuer = server.issuer
        }
        guard let endpoint = server.revocationEndpoint else {
            report.failures.append("\(server.issuer) advertises no revocation endpoint")
            report.noRevocationEndpoint = true
            return
        }
        let client = grant.registration?.bound(to: server.issuer)
        var pending: [(hint: String, name: String, value: String)] = []
        if let refresh = tokens.refreshToken { pending.append(("refresh_token", "refresh token", refresh)) }
        pending.append(("access_token", "access token", tokens.accessToken))
        for token in pending {
            let authentication = client?.authentication() ?? (form: [], headers: [])
            let form = [("token", token.value), ("token_type_hint", token.hint)] + authentication.form
            do throws(OAuthError) {
                let response = try await http.postForm(endpoint, role: .revocation, form: form, headers: authentication.headers)
                // RFC 7009 §2.2: 200 also for a token that was invalid already.
                guard response.status == 200 else {
                    throw TokenSet.error(from: response, issuer: server.issuer, doing: "the revocation of the \(token.name)")
                }
                report.revoked.append(token.name)
            } catch {
                // The other token is still revoked: one refusal must not leave it valid.
                report.failures.append(error.message)
                report.revocationFailed = true
            }
        }
    }
}
