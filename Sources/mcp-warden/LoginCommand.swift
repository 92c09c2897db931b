// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import OAuth
import PinnedHTTP
import Platform

/// `mcp-warden login NAME|URL`: authorize ahead of time, or accept a changed authorization server.
struct LoginCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login",
        abstract: "Authorize with a server now (opens the browser), or accept its new authorization server.",
        discussion: """
            The tokens go to the encrypted vault, where the next connect finds them. When a refresh \
            token is held, login renews the access token without a browser; --force asks for consent again.
            """
    )

    @Argument(help: ArgumentHelp("A registry name, one of your endpoints, or the server's URL.", valueName: "name-or-url"))
    var server: String

    @Flag(name: .customLong("accept-new-issuer"), help: "Accept an authorization server that differs from the one recorded for this server.")
    var acceptNewIssuer = false

    @OptionGroup(title: "Trust")
    var trust: TrustOptions

    @OptionGroup(title: "Authorization")
    var authorization: AuthorizationArguments

    @Flag(help: "Run the browser flow even when a refresh token is held (consent again).")
    var force = false

    @Flag(help: "Verbose diagnostics on stderr (never token values).")
    var debug = false

    func run() async throws {
        let log = Diagnostics(debugEnabled: debug, quiet: false)
        let environment = ProcessEnvironment.current()
        let session: OAuthSession
        do {
            let endpoint = try trust.prepare(server, environment: environment, log: log)
            try RegistryNotices.admit(endpoint.selection, transport: nil, log: log)
            session = try authorization.makeSession(
                for: endpoint, positionalPort: nil, credentials: CredentialSlot(), acceptNewIssuer: acceptNewIssuer,
                offerPaste: true, environment: environment, log: log)
        } catch {
            throw error.reported(to: log)
        }
        do {
            let (issuer, scopes) = try await session.login(force: force)
            log.info("authorized by \(issuer)\(scopes.isEmpty ? "" : " (scopes: \(scopes.joined(separator: " ")))")")
        } catch {
            log.error(error.message, hint: error.hint)
            throw CommandEnding.authorizationFailed(error.code).exitCode
        }
    }
}
