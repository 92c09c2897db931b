// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TokenVault

/// Issue 5 "Locations": MCP_WARDEN_HOME, else the XDG Base Directory state and config homes (absolute
/// paths only, as the XDG spec requires), else their defaults under HOME; the key apart from the data.
@Suite struct VaultLocationTests {
    func directory(of path: String) -> String { String(path[..<path.lastIndex(of: "/")!]) }

    @Test("MCP_WARDEN_HOME wins over XDG and HOME")
    func wardenHomeWins() throws {
        let location = try VaultLocation.resolve(environment: [
            "MCP_WARDEN_HOME": "/srv/warden", "HOME": "/home/u", "XDG_STATE_HOME": "/x/state", "XDG_CONFIG_HOME": "/x/config"
        ])
        #expect(location == VaultLocation(entries: "/srv/warden/vault", keyFile: "/srv/warden/vault.key"))
        // HOME is not needed when MCP_WARDEN_HOME is set.
        #expect(try VaultLocation.resolve(environment: ["MCP_WARDEN_HOME": "/srv/warden"]) == location)
    }

    #if os(Linux)
        @Test("XDG Base Directory: XDG_STATE_HOME holds the entries, XDG_CONFIG_HOME the key file")
        func xdgDirectoriesAreUsed() throws {
            let location = try VaultLocation.resolve(environment: ["HOME": "/home/u", "XDG_STATE_HOME": "/x/state", "XDG_CONFIG_HOME": "/x/config"])
            #expect(location == VaultLocation(entries: "/x/state/mcp-warden/vault", keyFile: "/x/config/mcp-warden/vault.key"))
            let stateOnly = try VaultLocation.resolve(environment: ["HOME": "/home/u", "XDG_STATE_HOME": "/x/state"])
            #expect(stateOnly == VaultLocation(entries: "/x/state/mcp-warden/vault", keyFile: "/home/u/.config/mcp-warden/vault.key"))
        }

        @Test("XDG Base Directory: the defaults are ~/.local/state and ~/.config")
        func defaultsUnderHome() throws {
            let location = try VaultLocation.resolve(environment: ["HOME": "/home/u"])
            #expect(location == VaultLocation(entries: "/home/u/.local/state/mcp-warden/vault", keyFile: "/home/u/.config/mcp-warden/vault.key"))
        }

        @Test("XDG Base Directory: relative XDG paths are ignored (\"If an implementation encounters a relative path … it should consider the path invalid\")")
        func relativeXDGPathsAreIgnored() throws {
            let location = try VaultLocation.resolve(environment: [
                "HOME": "/home/u", "XDG_STATE_HOME": "state", "XDG_CONFIG_HOME": "./config", "MCP_WARDEN_HOME": "warden"
            ])
            #expect(location == VaultLocation(entries: "/home/u/.local/state/mcp-warden/vault", keyFile: "/home/u/.config/mcp-warden/vault.key"))
            let empty = try VaultLocation.resolve(environment: ["HOME": "/home/u", "XDG_STATE_HOME": "", "XDG_CONFIG_HOME": ""])
            #expect(empty.entries == "/home/u/.local/state/mcp-warden/vault")
        }
    #endif

    @Test(
        "no absolute HOME and no MCP_WARDEN_HOME: resolve throws instead of writing somewhere relative",
        arguments: [
            [String: String](), ["HOME": ""], ["HOME": "home/u"], ["XDG_STATE_HOME": "/x/state", "XDG_CONFIG_HOME": "/x/config"],
            ["MCP_WARDEN_HOME": "relative"]
        ])
    func noHomeThrows(_ environment: [String: String]) {
        #expect(throws: VaultError.self) { try VaultLocation.resolve(environment: environment) }
    }

    @Test(
        "invariant 7: in every layout the key file is outside the entries directory",
        arguments: [
            ["MCP_WARDEN_HOME": "/srv/warden"], ["HOME": "/home/u"], ["HOME": "/home/u", "XDG_STATE_HOME": "/x", "XDG_CONFIG_HOME": "/x"]
        ])
    func invariant7_keyFileIsNeverWithTheEntries(_ environment: [String: String]) throws {
        let location = try VaultLocation.resolve(environment: environment)
        #expect(directory(of: location.keyFile) != location.entries)
        #expect(!location.keyFile.hasPrefix(location.entries + "/"))
        #expect(location.entries.hasPrefix("/") && location.keyFile.hasPrefix("/"))
    }
}
