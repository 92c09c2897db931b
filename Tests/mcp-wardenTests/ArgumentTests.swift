// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Testing

@testable import mcp_warden

/// Hostile command lines for the trust and authorization options: each is refused at parse time
/// with a message that names the option, before anything runs.
@Suite struct ArgumentTests {
    static let refused: [(arguments: [String], mentions: String)] = [
        (["--callback-port", "0"], "--callback-port"),
        (["--callback-port", "65536"], "--callback-port"),
        (["--callback-port", "-1"], "callback-port"),
        (["--callback-port", "80x"], "callback-port"),
        (["--auth-timeout", "0"], "--auth-timeout"),
        (["--auth-timeout", "99999"], "--auth-timeout"),
        (["--client-metadata-url", "http://example.com/client.json"], "--client-metadata-url"),
        (["--client-metadata-url", "https://example.com/"], "--client-metadata-url"),
        (["--resource", "not a uri"], "--resource"),
        (["--resource", "https://mcp.example.com/#frag"], "--resource"),
        (["--connect-timeout", "0"], "--connect-timeout"),
        (["--response-timeout", "0"], "--response-timeout"),
        (["--response-timeout", "3601"], "--response-timeout"),
        (["--host", "0.0.0.0"], "--host"),
        (["--host", "example.com"], "--host"),
        (["--host", "LOCALHOST"], "--host"),
        (["--callback-path", "callback"], "--callback-path"),
        (["--callback-path", "/a/../b"], "--callback-path"),
        (["--callback-path", "/callback?x=1"], "--callback-path"),
        (["--callback-path", "/%2e%2e"], "--callback-path")
    ]

    @Test(arguments: refused)
    func badOptionsAreRefused(_ c: (arguments: [String], mentions: String)) {
        do {
            _ = try ConnectCommand.parse(["https://mcp.example.com/mcp"] + c.arguments)
            Issue.record("accepted \(c.arguments)")
        } catch {
            let message = ConnectCommand.message(for: error)
            #expect(message.contains(c.mentions), "\(message)")
            #expect(ConnectCommand.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func goodOptionsParse() throws {
        let command = try ConnectCommand.parse([
            "https://mcp.example.com/mcp", "50000", "--auth-timeout", "60", "--no-browser",
            "--client-metadata-url", "https://example.com/client.json", "--resource", "https://mcp.example.com"
        ])
        #expect(command.callbackPort == 50000)
        #expect(command.authorization.noBrowser)
        #expect(command.authorization.authTimeout == 60)
        #expect(command.responseTimeout == 60)  // the default
        #expect(try ConnectCommand.parse(["https://mcp.example.com/mcp", "--response-timeout", "3600"]).responseTimeout == 3600)
        let slack = try ConnectCommand.parse(["https://mcp.example.com/mcp", "--host", "localhost", "--callback-path", "/callback", "--callback-port", "3118"])
        #expect(slack.authorization.callbackHost == "localhost" && slack.authorization.callbackPath == "/callback")
        #expect(try LoginCommand.parse(["https://mcp.example.com/mcp", "--host", "[::1]"]).authorization.callbackHost == "[::1]")
    }

    @Test(arguments: ["{", "[1,", "not json", "@/nonexistent/client.json", "@/dev/null"])
    func jsonArgumentsMustBeJSONOrAReadableJSONFile(_ text: String) throws {
        let error = try #require(throws: UserError.self) { try AuthorizationArguments.jsonArgument(text, flag: "--static-oauth-client-info") }
        #expect(error.kind == .usage)
        #expect(error.message.contains("--static-oauth-client-info"))
        #expect(!error.message.contains("not json"), "the argument itself may be a secret and is never echoed")
    }

    @Test func jsonArgumentsAreReadInlineOrFromAFile() throws {
        #expect(try AuthorizationArguments.jsonArgument(#"{"client_id":"x"}"#, flag: "f") == Array(#"{"client_id":"x"}"#.utf8))
    }
}
