// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import OAuth

/// What the browser inherits (DESIGN.md invariant 12): no `MCP_WARDEN_*` variable and none a
/// `--header` value was expanded from; everything else it may need (DISPLAY, PATH, …) stays.
@Suite struct BrowserEnvironmentTests {
    let inherited = [
        "PATH=/bin", "MCP_WARDEN_PASSPHRASE=pw", "API_TOKEN=abc", "API_TOKEN_URL=https://x", "DISPLAY=:0",
        "TEAM=a=b", "NOEQUALS", "MCP_WARDEN_HOME=/h"
    ]

    @Test("invariant 12: the variables --header values were expanded from are kept from the browser, by exact name")
    func secretVariablesAreRemovedByExactName() {
        #expect(
            BrowserLauncher.childEnvironment(inherited, secretVariables: ["API_TOKEN", "TEAM"])
                == ["PATH=/bin", "API_TOKEN_URL=https://x", "DISPLAY=:0", "NOEQUALS"])
    }

    @Test("invariant 12: without secret names only mcp-warden's own variables go")
    func withoutSecretNamesOnlyOwnVariablesGo() {
        #expect(
            BrowserLauncher.childEnvironment(inherited)
                == ["PATH=/bin", "API_TOKEN=abc", "API_TOKEN_URL=https://x", "DISPLAY=:0", "TEAM=a=b", "NOEQUALS"])
    }

    @Test("the options carry no secret names unless the command layer sets them")
    func optionsDefaultToNone() {
        #expect(AuthorizationOptions(serverURL: "https://mcp.example/mcp", callbackPort: 20000, version: "t").secretVariables.isEmpty)
    }
}
