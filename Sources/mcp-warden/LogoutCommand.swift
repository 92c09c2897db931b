import ArgumentParser
import OAuth
import PinnedHTTP
import TokenVault

/// `mcp-warden logout NAME|URL` and `logout --all`: revoke (RFC 7009), then purge the vault entry.
struct LogoutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "logout",
        abstract: "Revoke a server's tokens at its authorization server, then delete them from the vault.",
        discussion: """
        The refresh token is revoked first, then the access token (RFC 7009). The stored tokens are \
        deleted even when revocation fails; mcp-warden then says where to revoke the grant by hand \
        and exits 1. The client registration is kept for the next login unless --forget-client is given.
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
        var servers: [String] = []
        if let server {
            servers = [server]
        } else {
            do {
                let vault = try VaultAccess.open(environment: environment, log: log)
                servers = VaultReport.read(vault).entries.filter { $0.tokensHeld || forgetClient }.map(\.serverURL)
            } catch {
                log.error(error.message, hint: error.hint)
                throw error.status.exitCode
            }
            if servers.isEmpty { log.info("the vault holds no tokens; nothing to log out of") }
        }
        var failed = false
        for url in Array(Set(servers)).sorted() {
            if await !logout(url, environment: environment, log: log) { failed = true }
        }
        if failed { throw ExitStatus.internalError.exitCode }
    }

    /// True when the server's tokens were revoked (or there were none) and purged.
    private func logout(_ server: String, environment: [String: String], log: Diagnostics) async -> Bool {
        let session: OAuthSession
        let revokeAt: String?
        do {
            let endpoint = try trust.prepare(server, environment: environment, log: log)
            revokeAt = endpoint.selection.entry?.revokeGrantAt
            session = try authorization.makeSession(for: endpoint, positionalPort: nil, credentials: CredentialSlot(), acceptNewIssuer: false,
                                                    environment: environment, log: log)
        } catch {
            log.error("cannot log out of \(server): \(error.message)", hint: error.hint)
            return false
        }
        let report = await session.logout(forgetClient: forgetClient)
        guard let resource = report.resource else {
            log.info("no stored authorization for \(server)")
            return true
        }
        if !report.revoked.isEmpty { log.info("revoked the \(report.revoked.joined(separator: " and ")) at \(report.issuer ?? "the authorization server")") }
        log.info("deleted the stored tokens for \(resource)\(report.clientForgotten ? " and the client registration" : " (the client registration is kept; --forget-client deletes it)")")
        guard let failure = report.failure else { return true }
        let byHand = revokeAt.map { "revoke mcp-warden's access by hand at \($0)" } ?? "revoke mcp-warden's access by hand in your account settings at \(report.issuer ?? server)"
        log.warning("the grant was not revoked: \(failure)")
        Diagnostics.emit("hint", byHand)
        return !report.revocationFailed
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
            log.info("deleted \(entries) stored authorization\(entries == 1 ? "" : "s")\(aside > 0 ? " and \(aside) damaged cop\(aside == 1 ? "y" : "ies")" : "") from \(vault.location.entries)")
            let keys = vault.keys.forget()
            log.info(keys.isEmpty ? "no vault key was stored" : "deleted the vault key from \(keys.joined(separator: " and "))")
            log.info("nothing was revoked at the servers; revoke grants in your account settings if the tokens may have leaked")
        } catch {
            log.error(error.message, hint: error.hint)
            throw error.status.exitCode
        }
    }
}
