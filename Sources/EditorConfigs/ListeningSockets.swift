// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The TCP ports listening on every interface, read from `/proc/net/tcp` and `/proc/net/tcp6`
/// (proc(5): `local_address` is `HEXIP:HEXPORT`, state `0A` is LISTEN). A local MCP server
/// bound to 0.0.0.0 or :: is reachable from the network, not only from the editor.
public struct ListeningSockets: Sendable, Equatable {
    public let wildcardPorts: Set<Int>

    public init(wildcardPorts: Set<Int> = []) { self.wildcardPorts = wildcardPorts }

    /// Parses the text of the proc files (their header lines are skipped).
    public init(procNet texts: [String]) {
        var ports: Set<Int> = []
        for text in texts {
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 3, fields[3] == "0A" else { continue }
                let local = fields[1].split(separator: ":")
                guard local.count == 2, let port = Int(local[1], radix: 16) else { continue }
                let address = local[0]
                // 0.0.0.0, ::, and ::ffff:0.0.0.0 (an IPv4 wildcard in the IPv6 table).
                if address.allSatisfy({ $0 == "0" }) || address == "0000000000000000FFFF000000000000" { ports.insert(port) }
            }
        }
        wildcardPorts = ports
    }
}
