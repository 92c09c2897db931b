// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Bridge
import MCPTransport

extension ProtocolMode: ExpressibleByArgument {}

/// How the bridge keeps a session with the server and with the editor: the protocol era, keep-alive
/// pings and the answer to an `initialize` that waits for the user.
struct SessionOptions: ParsableArguments {
    @Option(
        name: .customLong("protocol"),
        help: ArgumentHelp(
            "Era spoken to the server for an editor that opens with initialize: auto (default: initialize, and on a server of the 2026-07-28 era alone, server/discover and translation), legacy (initialize only) or modern (translate from the start).",
            valueName: "era"))
    var protocolMode: ProtocolMode = .auto

    @Option(
        name: .customLong("ping-interval"),
        help: ArgumentHelp(
            "Send the server a ping every this many seconds (handshake-era sessions, e.g. behind load balancers that drop idle sessions); default 0, none.",
            valueName: "seconds"))
    var pingInterval: Int = 0

    @Option(
        name: .customLong("initialize-timeout"),
        help: ArgumentHelp(
            "Seconds after which the editor's first request, still waiting for you to authorize in the browser, is answered with an error that says to run mcp-warden login (hosts give up on a slow initialize: Claude Desktop after 60 s); the browser flow stays open. Default 45; 0 waits for the authorization.",
            valueName: "seconds"))
    var initializeTimeout: Int = 45

    func validate() throws {
        guard (0...86_400).contains(pingInterval) else { throw ValidationError("--ping-interval must be between 0 and 86400 seconds") }
        guard (0...3600).contains(initializeTimeout) else { throw ValidationError("--initialize-timeout must be between 0 and 3600 seconds") }
    }

    func apply(to configuration: inout BridgeConfiguration) {
        configuration.era = EraAdapter.Options(mode: protocolMode, pingIntervalSeconds: pingInterval)
        configuration.initializeTimeoutSeconds = initializeTimeout
    }
}
