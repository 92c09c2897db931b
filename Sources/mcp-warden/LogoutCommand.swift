// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Endpoints
import OAuth
import PinnedHTTP
import Platform
import TokenVault

/// `mcp-warden logout NAME|URL` and `logout --all`: revoke (RFC 7009), then purge the vault entry.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Revoke a server's tokens at its authorization server, then delete them from the vault.",
        discussion: """
            Every authorization the vault holds for the server is revoked (whatever --resource it was \
            made with), with the trust it was made under: no trust option is needed. The refresh token \
            and the access token are each revoked (RFC 7009), and deleted even when revocation fails; \
            mcp-warden then says where to revoke the grant by hand and exits 1. The client registration \
            is kept for the next login unless --forget-client is given. Trust options matter only for \
            entries imported from mcp-remote or made by earlier versions.
            """
    )

    @Argument(help: ArgumentHelp("A registry name, one of your endpoints, or the server's URL.", valueName: "name-or-url"))
    var server: String?

    @Flag(help: "Log out of every server the vault holds tokens for.")
    var all = false

    @Flag(name: .customLong("forget-client"), help: "Also delete the client registration (the next login registers again).")
    var forgetClient = false

    @OptionGroup(title: "Trust")
    var trust: TrustOptions

    @OptionGroup(title: "Authorization")
    var authorization: AuthorizationArguments

    @Flag(help: "Verbose diagnostics on stderr (never token values).")
    var debug = false

    func validate() throws {
        guard (server == nil) == all else { throw ValidationError("give either a server or --all") }
    }

    func run() async throws {
        let log = Diagnostics(debugEnabled: debug, quiet: false)
        let environment = ProcessEnvironment.current()
        let store: GrantStore
        var selected: [StoredGrant]
        do {
            store = GrantStore(vault: try VaultAccess.open(environment: environment, log: log), report: { log.error($0.message, hint: $0.hint) })
            selected = store.all()
            if let server {
                // What the vault holds decides, whatever --resource the grant was made with; a
                // name is looked up without any trust option (nothing is trusted anew here).
                let url = try Self.serverURL(server, environment: environment)
                // Its own grants, and one of another path of this origin that it uses (its
                // resource covers this URL): logging out must end what the server accepts.
                selected = selected.filter { Self.sameServer($0.serverURL, url) || $0.serves(url, resource: nil) }
                if selected.isEmpty {
                    log.info("no stored authorization for \(url)")
                    Diagnostics.emit("hint", "mcp-warden status lists the servers the vault holds authorizations for")
                    return
                }
            } else {
                selected = selected.filter { $0.tokens != nil || forgetClient }
                if selected.isEmpty { log.info("the vault holds no tokens; nothing to log out of") }
            }
        } catch {
            throw error.reported(to: log)
        }
        var failed = false
        for grant in selected {
            if await !logout(grant, store: store, environment: environment, log: log) { failed = true }
        }
        if failed { throw CommandEnding.partlyFailed.exitCode }
    }

    /// The URL a registry name or one of the user's endpoints stands for; else the argument.
    static func serverURL(_ argument: String, environment: [String: String]) throws(UserError) -> String {
        let own = try UserEndpointStore(directory: try ConfigLocation.directory(environment: environment)).load()
        return try EndpointSelection.resolve(argument, allowUnlisted: true, userEndpoints: own).url
    }

    /// The same server URL, a trailing slash aside.
    static func sameServer(_ stored: String, _ given: String) -> Bool {
        func trimmed(_ url: String) -> Substring { url.hasSuffix("/") ? url.dropLast() : Substring(url) }
        return trimmed(stored) == trimmed(given)
    }

    /// True when the grant's tokens were revoked (or there were none) and purged.
    private func logout(_ grant: StoredGrant, store: GrantStore, environment: [String: String], log: Diagnostics) async -> Bool {
        let session: OAuthSession
        do {
            session = try self.session(for: grant, store: store, environment: environment, log: log)
        } catch {
            // Without a way to reach the authorization server the tokens still go.
            log.error("cannot revoke the tokens of \(grant.serverURL): \(error.message)", hint: error.hint)
            if store.dropTokens(of: grant, forgetClient: forgetClient).removed, grant.tokens != nil {
                log.info("deleted the stored tokens for \(grant.serverURL) without revoking them")
            }
            return false
        }
        let report = await session.logout(grant, forgetClient: forgetClient)
        let resource = report.resource == report.serverURL ? "" : " (resource \(report.resource))"
        if !report.revoked.isEmpty { log.info("revoked the \(report.revoked.joined(separator: " and ")) at \(report.issuer ?? "the authorization server")") }
        if report.removed {
            let what = report.tokensHeld ? "the stored tokens" : "the stored authorization"
            log.info(
                "deleted \(what) for \(report.serverURL)\(resource)\(report.clientForgotten ? " and the client registration" : grant.registration == nil || forgetClient ? "" : " (the client registration is kept; --forget-client deletes it)")"
            )
        }
        guard !report.failures.isEmpty else { return report.removed }
        let revokeAt = grant.trust?.registryEntry.flatMap { EndpointRegistry.entry(named: $0) }?.revokeGrantAt
        let byHand =
            revokeAt.map { "revoke mcp-warden's access by hand at \($0)" }
            ?? "revoke mcp-warden's access by hand in your account settings at \(report.issuer ?? grant.serverURL)"
        for failure in report.failures { log.warning("not revoked: \(failure)") }
        Diagnostics.emit("hint", byHand)
        return !report.revocationFailed && report.removed
    }

    /// A session over the trust the grant was obtained under (`StoredTrust`: no option needed);
    /// for an entry that stored none (an import, an entry of an earlier version), the trust
    /// the command line or the registry gives.
    private func session(for grant: StoredGrant, store: GrantStore, environment: [String: String], log: Diagnostics) throws(UserError) -> OAuthSession {
        let authorizationLog = AuthorizationLog(info: { log.info($0) }, debug: { text in log.debug(text) })
        if let stored = grant.trust, let discovered = grant.discovered {
            let host = RequestTarget(grant.serverURL)?.host ?? grant.serverURL
            // A registry entry's pins are the registry's of this release (they may have rotated since
            // the grant), with those stored (an inspecting CA accepted then).
            let registryPins = stored.registryEntry.flatMap { EndpointRegistry.entry(named: $0) }?.pins.compactMap { SPKIPin($0.spki) } ?? []
            let storedPins = stored.pins.compactMap(SPKIPin.init)
            let policy = TrustPolicy(
                allowPlainHTTPToLoopback: stored.allowHTTP, extraAnchorsPEM: stored.anchorsPEM.map { Array($0.utf8) },
                connectTimeoutMilliseconds: trust.connectTimeout * 1000,
                pins: registryPins + storedPins.filter { !registryPins.contains($0) }, pinOwner: stored.registryEntry ?? host)
            let hosts = AuthorizationHosts.stored(
                discovered.server, owner: stored.registryEntry ?? host, mcpHost: host, allowPlainHTTPToLoopback: stored.allowHTTP)
            var options = AuthorizationOptions(
                serverURL: grant.serverURL, callbackPort: AuthorizationOptions.defaultCallbackPort(for: grant.serverURL),
                environment: environment, version: MCPWarden.version)
            options.requestTimeoutSeconds = authorization.oauthTimeout
            return OAuthSession(
                options: options, engine: OAuthEngine(startingWith: policy), hosts: hosts, credentials: CredentialSlot(),
                log: authorizationLog, store: store)
        }
        let endpoint = try trust.prepare(grant.serverURL, environment: environment, log: log)
        return try authorization.makeSession(
            for: endpoint, positionalPort: nil, credentials: CredentialSlot(), acceptNewIssuer: false,
            environment: environment, log: log)
    }
}

/// `mcp-warden purge`: deletes every stored authorization and the vault key, without the network.
struct PurgeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "purge",
        abstract: "Delete every stored token, registration and the vault key from this machine (no network; nothing is revoked).",
        discussion: "To revoke at the servers first, run mcp-warden logout --all."
    )

    func run() throws {
        let log = Diagnostics()
        let environment = ProcessEnvironment.current()
        do throws(UserError) {
            let vault = try VaultAccess.open(environment: environment, log: log)
            let removed: [String]
            do { removed = try vault.purge() } catch { throw UserError(.config, error.message, hint: error.hint) }
            let entries = removed.filter { $0.hasSuffix(".vault") }.count
            let aside = removed.filter { $0.contains(".damaged-") }.count
            log.info(
                "deleted \(entries) stored authorization\(entries == 1 ? "" : "s")\(aside > 0 ? " and \(aside) damaged cop\(aside == 1 ? "y" : "ies")" : "") from \(vault.location.entries)"
            )
            let keys = vault.keys.forget()
            log.info(keys.isEmpty ? "no vault key was stored" : "deleted the vault key from \(keys.joined(separator: " and "))")
            log.info("nothing was revoked at the servers; revoke grants in your account settings if the tokens may have leaked")
        } catch {
            throw error.reported(to: log)
        }
    }
}
