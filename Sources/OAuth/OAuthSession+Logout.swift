/// `mcp-warden logout` (issue 6): RFC 7009 revocation at the advertised endpoint — the refresh
/// token first (RFC 7009 §2.1: revoking it may revoke the access tokens of the grant), then the
/// access token, with the client's registered authentication — then the vault entry is purged,
/// whether revocation worked or not.
public struct LogoutReport: Sendable {
    /// The stored grant's resource and issuer; nil when nothing was stored for the server.
    public var resource: String?
    public var issuer: String?
    /// "refresh token", "access token": what the server confirmed revoked.
    public var revoked: [String] = []
    /// Why revocation did not happen or failed; nil when it worked or there was nothing to revoke.
    public var failure: String?
    /// True when revocation was attempted at an endpoint and failed.
    public var revocationFailed = false
    public var clientForgotten = false
}

extension OAuthSession {
    public func logout(forgetClient: Bool) async -> LogoutReport {
        var report = LogoutReport()
        guard let store, let grant = store.load(serverURL: options.serverURL, resource: options.resourceOverride) else { return report }
        report.resource = grant.resource
        report.issuer = grant.issuer.isEmpty ? nil : grant.issuer
        let lock = try? await lockServer()
        defer { lock?.release() }
        if let tokens = grant.tokens {
            await revoke(tokens, grant: grant, into: &report)
        }
        if forgetClient {
            store.remove(resource: grant.resource, issuer: grant.issuer)
            report.clientForgotten = true
        } else {
            var kept = grant
            kept.tokens = nil
            if kept.registration == nil {
                store.remove(resource: grant.resource, issuer: grant.issuer)
            } else if !store.save(kept) {
                // The tokens must not survive a logout: without a save, the whole entry goes.
                store.remove(resource: grant.resource, issuer: grant.issuer)
                report.clientForgotten = true
            }
        }
        tokens = nil
        refreshAt = nil
        return report
    }

    private func revoke(_ tokens: TokenSet, grant: StoredGrant, into report: inout LogoutReport) async {
        var found = grant.discovered
        if found == nil {
            do throws(OAuthError) {
                found = try await Discovery(http: http, log: log.debug).run(serverURL: options.serverURL, challenge: nil, resourceOverride: options.resourceOverride)
            } catch {
                report.failure = "the authorization server could not be found: \(error.message)"
                report.revocationFailed = true
                return
            }
        }
        guard let server = found?.server else { return }
        if grant.discovered != nil {
            // A stored server, like a discovered one, passes the host policy before use.
            do throws(OAuthError) { try http.hosts.admit(issuer: server.issuer) } catch {
                report.failure = error.message
                report.revocationFailed = true
                return
            }
        }
        guard let endpoint = server.revocationEndpoint else {
            report.failure = "\(server.issuer) advertises no revocation endpoint"
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
                report.failure = error.message
                report.revocationFailed = true
                return
            }
        }
    }
}
