// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import MCPFraming
import Testing

@testable import OAuth

/// No secret is printed by a value that holds one (DESIGN.md invariant 2).
@Suite struct SecretRedactionTests {
    func printed(_ value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return ["\(value)", String(reflecting: value), dumped, "\([value])", "\(Optional(value) as Any)"]
    }

    @Test func aTokenSetNeverPrintsItsTokens() {
        let tokens = TokenSet(accessToken: "SECRETACCESS", refreshToken: "SECRETREFRESH", expiresAt: 4_600, scopes: ["mcp:read"])
        for text in printed(tokens) {
            #expect(!text.contains("SECRETACCESS") && !text.contains("SECRETREFRESH"), "\(text)")
        }
        #expect("\(tokens)".contains("mcp:read") && "\(tokens)".contains("4600"))
    }

    @Test func aClientRegistrationNeverPrintsItsSecret() {
        let client = ClientRegistration(
            issuer: "https://as", clientID: "public-id", clientSecret: "SECRETCLIENT", clientSecretExpiresAt: nil,
            tokenEndpointAuthMethod: "client_secret_basic", redirectURI: "http://127.0.0.1:1/oauth/callback", source: .dynamic)
        for text in printed(client) {
            #expect(!text.contains("SECRETCLIENT"), "\(text)")
        }
        #expect("\(client)".contains("public-id"))
    }

    @Test func theBrowserDoesNotInheritMCPWardenVariables() {
        #expect(
            BrowserLauncher.childEnvironment(["PATH=/bin", "MCP_WARDEN_PASSPHRASE=secret", "MCP_WARDEN_HOME=/h", "DISPLAY=:0", "X_MCP_WARDEN_Y=1"])
                == ["PATH=/bin", "DISPLAY=:0", "X_MCP_WARDEN_Y=1"])
    }

    @Test func aStartedBrowserSeesNoMCPWardenVariable() async throws {
        // A stand-in browser that writes out the environment it was given.
        var template = Array("/tmp/mcp-warden-browser-XXXXXX".utf8CString)
        let directory = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }.map { String(cString: $0) })
        defer { _ = unlink(directory + "/browser"); _ = unlink(directory + "/env"); _ = rmdir(directory) }
        let script = "#!/bin/sh\nenv > '\(directory)/env.tmp' && mv '\(directory)/env.tmp' '\(directory)/env'\n"
        let fd = Glibc.open(directory + "/browser", O_WRONLY | O_CREAT | O_EXCL, 0o700)
        #expect(fd >= 0)
        _ = Array(script.utf8).withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        setenv("MCP_WARDEN_BROWSER_TEST_SECRET", "SECRETENV", 1)
        defer { unsetenv("MCP_WARDEN_BROWSER_TEST_SECRET") }
        #expect(BrowserLauncher.open("https://as.example/authorize", program: directory + "/browser") == nil)
        var written: String?
        for _ in 0..<300 where written == nil {
            let input = Glibc.open(directory + "/env", O_RDONLY)
            if input >= 0 {
                var bytes = [UInt8](repeating: 0, count: 1 << 16)
                let count = read(input, &bytes, bytes.count)
                close(input)
                written = String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self)
            } else {
                try await Task.sleep(for: .milliseconds(10))
            }
        }
        let environment = try #require(written)
        #expect(environment.contains("PATH="))
        #expect(!environment.contains("MCP_WARDEN_") && !environment.contains("SECRETENV"))
    }

    @Test func aPKCENeverPrintsItsVerifier() throws {
        let pkce = try #require(PKCE(verifier: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
        for text in printed(pkce) {
            #expect(!text.contains(pkce.verifier), "\(text)")
        }
    }
}

/// Server-supplied text that reaches stderr (DESIGN.md invariant 9): URLs, issuers, scopes and
/// descriptions from metadata, challenges and token responses never carry a terminal control.
@Suite struct TerminalInjectionTests {
    static let hostile = ["\u{1B}[2J", "\u{9B}2J", "\u{202E}moc.live", "\u{07}", "\u{7F}"]

    func isClean(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control && $0.properties.generalCategory != .format }
    }

    @Test(arguments: hostile)
    func shownReplacesControlAndFormatCharacters(_ bad: String) {
        let shown = MetadataJSON.shown("before" + bad + "after")
        #expect(isClean(shown))
        #expect(shown.hasPrefix("before?") && shown.hasSuffix("after"))
        #expect(MetadataJSON.shown("caf\u{E9} \u{2713}") == "caf\u{E9} \u{2713}")
    }

    @Test(arguments: hostile + [" ", "\u{E9}"])
    func aURLOutsideVisibleASCIIIsNeitherAdmittedNorFetched(_ bad: String) throws {
        let hosts = AuthorizationHosts(owner: "mine", mcpHost: "mcp.example.com", allowPlainHTTPToLoopback: false) { _, _ throws(OAuthError) in }
        let issuer = "https://auth.example.com/t" + bad
        let admitted = try #require(throws: OAuthError.self) { try hosts.admit(issuer: issuer) }
        #expect(isClean(admitted.message))
        let fetched = try #require(throws: OAuthError.self) {
            try hosts.check("https://mcp.example.com/.well-known/oauth-protected-resource" + bad, role: .resourceMetadata)
        }
        #expect(fetched.code == .policy)
        #expect(isClean(fetched.message))
        #expect(!BrowserLauncher.isOpenable("https://auth.example.com/authorize" + bad, allowPlainHTTPToLoopback: false))
    }

    @Test(arguments: hostile)
    func aClaimedIssuerIsShownSafely(_ bad: String) throws {
        let document =
            #"{"issuer":"https://auth.example.com\#(bad)","authorization_endpoint":"https://auth.example.com/a","token_endpoint":"https://auth.example.com/t","code_challenge_methods_supported":["S256"]}"#
        let error = try #require(throws: OAuthError.self) {
            try VerifiedServerMetadata.verify(Array(document.utf8), source: "s", issuer: "https://auth.example.com")
        }
        #expect(isClean(error.message))
    }

    @Test func scopesThatAreNotScopeTokensAreDropped() throws {
        // RFC 6749 §3.3 scope-token: %x21 / %x23-5B / %x5D-7E.
        let body = #"{"access_token":"at","token_type":"Bearer","scope":"mcp:read \u001b[2J caf\u00e9 a\"b mcp:write"}"#
        let tokens = try TokenSet.parse(Array(body.utf8), requestedScopes: [], issuer: "https://as")
        #expect(tokens.scopes == ["mcp:read", "mcp:write"])
        let resource = #"{"resource":"https://mcp.example.com","authorization_servers":["https://as"],"scopes_supported":["ok","\u009b2J","\u202eevil",""]}"#
        #expect(try VerifiedResourceMetadata.verify(Array(resource.utf8), source: "s", serverURL: "https://mcp.example.com").scopesSupported == ["ok"])
        #expect(BearerChallenge(fieldValues: ["Bearer scope=\"ok caf\u{E9} \u{9B}2J\""])?.scopes == ["ok"])
        #expect(BearerChallenge(fieldValues: ["Bearer scope=\"\u{9B}2J\""])?.scopes == nil)
    }

    @Test func anEscapedControlCharacterEndsTheChallengeParse() throws {
        // RFC 9110 §5.6.4: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ).
        let bearer = try #require(AuthChallenge.parse(["Bearer realm=\"r\", scope=\"a\\\u{1B}[2J\""]).first)
        #expect(bearer.parameters.map(\.name) == ["realm"])
        #expect(AuthChallenge.parse(["Bearer error_description=\"tab\\\there\""]).first?.parameter("error_description") == "tab\there")
    }

    @Test func aHugeChallengeIsParsedInLinearTime() {
        // ~100 KiB of distinct parameters (curl's limit for one header line): the duplicate
        // check must not compare every pair.
        let field = "Bearer " + (0..<12_000).map { "p\($0)=v" }.joined(separator: ",") + ", scope=\"x\""
        let started = ContinuousClock.now
        let bearer = AuthChallenge.parse([field]).first
        #expect(ContinuousClock.now - started < .seconds(1))
        #expect(bearer?.parameters.count == 12_001)
        #expect(bearer?.parameter("scope") == "x")
    }

    @Test func aPreRegisteredClientWithAnUnsupportedMethodIsRefused() throws {
        let json = Array(#"{"client_id":"abc","client_secret":"SECRETCLIENT","token_endpoint_auth_method":"client_secret_basc"}"#.utf8)
        let error = try #require(throws: OAuthError.self) {
            try ClientRegistration.preRegistered(json: json, issuer: "i", redirectURI: "http://127.0.0.1:1/oauth/callback", serverMethods: nil)
        }
        #expect(error.code == .registration)
        #expect(error.message.contains("client_secret_basc") && !error.message.contains("SECRETCLIENT"))
    }
}
