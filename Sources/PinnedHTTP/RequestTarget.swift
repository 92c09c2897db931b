// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

/// The parts of a request URL that the trust policy looks at.
public struct RequestTarget: Sendable, Equatable {
    public let scheme: String
    /// Host without brackets, lowercased (`127.0.0.1`, `::1`, `mcp.example.com`).
    public let host: String
    public let port: Int?

    /// Parses an absolute `http` or `https` URL; anything else is nil.
    public init?(_ url: String) {
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "https" || scheme == "http",
            var host = components.host, !host.isEmpty
        else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if components.user != nil || components.password != nil { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = components.port
    }

    /// `127.0.0.0/8`, `::1` and `localhost` (RFC 6761 §6.3).
    public var isLoopback: Bool {
        if host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1" { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }

    /// `scheme://host[:port]`, for same-origin checks (RFC 6454).
    public var origin: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let defaultPort = scheme == "https" ? 443 : 80
        return "\(scheme)://\(hostPart):\(port ?? defaultPort)"
    }
}
