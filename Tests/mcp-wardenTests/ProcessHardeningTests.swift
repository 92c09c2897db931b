// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CProcess
import Glibc
import Testing

@testable import mcp_warden

/// Every command starts hardened (DESIGN.md invariant 12, issue 13 item 8).
@Suite struct ProcessHardeningTests {
    @Test("invariant 12: after hardening the process is not dumpable and may write no core")
    func notDumpableAndNoCore() {
        ProcessHardening.apply()
        #expect(cprocess_get_dumpable() == 0)
        var limit = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_CORE.rawValue), &limit) == 0)
        #expect(limit.rlim_cur == 0 && limit.rlim_max == 0)
    }

    @Test("invariant 12: the bridge never prompts: its stdin carries JSON-RPC")
    func theBridgeNeverPrompts() throws {
        let error = try #require(throws: UserError.self) {
            try ProcessHardening.preparePassphrase(isBridge: true, environment: ["MCP_WARDEN_PASSPHRASE_PROMPT": "1"])
        }
        #expect(error.kind == .config && error.hint?.contains("MCP_WARDEN_PASSPHRASE_FILE") == true)
    }

    @Test("a passphrase file that cannot be used is a configuration error naming the variable, with a hint")
    func aBadFileIsAConfigurationError() throws {
        let error = try #require(throws: UserError.self) {
            try ProcessHardening.preparePassphrase(isBridge: false, environment: ["MCP_WARDEN_PASSPHRASE_FILE": "/nonexistent/mcp-warden-passphrase"])
        }
        #expect(error.kind == .config && error.message.hasPrefix("MCP_WARDEN_PASSPHRASE_FILE: ") && error.hint != nil)
    }

    @Test("no passphrase variable: nothing is asked and nothing is held")
    func nothingConfiguredDoesNothing() throws {
        try ProcessHardening.preparePassphrase(isBridge: false, environment: ["MCP_WARDEN_PASSPHRASE_PROMPT": "0"])
        try ProcessHardening.preparePassphrase(isBridge: true, environment: [:])
    }

    @Test("invariant 12: a --header value names the variables it was expanded from")
    func headerNamesItsVariables() throws {
        let header = try HeaderArgument.parse("X-Key: ${A}-${B}-${A} $C", environment: ["A": "1", "B": "2", "C": "3"])
        #expect(header.value == "1-2-1 $C" && header.variables == ["A", "B"])
        #expect(try HeaderArgument.parse("X-Plain: value", environment: [:]).variables.isEmpty)
    }
}
