// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Request headers mcp-warden sets itself: a user value (`--header`) would break the protocol,
/// the transport's framing or the trust policy. The CLI refuses them; the transports drop them
/// again before sending, so no caller can slip one through.
public enum ManagedHeaders {
    public static let names: Set<String> = [
        "accept", "content-type", "content-length", "transfer-encoding", "host", "connection", "expect",
        "origin", "last-event-id", "mcp-session-id", "mcp-protocol-version", "mcp-method", "mcp-name"
    ]

    /// The start of every request's headers: the user's without any managed one, the OAuth access
    /// token unless the user set `Authorization` themselves (MCP authorization "Token
    /// Requirements": on every request), then `Accept`. Protocol headers follow, so a user
    /// cannot override them.
    static func base(for server: RemoteServer, accept: String?) -> [(name: String, value: String)] {
        var headers = server.headers.filter { !names.contains($0.name.lowercased()) }
        if let bearer = server.credentials?.authorizationHeader(), !headers.contains(where: { $0.name.lowercased() == "authorization" }) {
            headers.append(bearer)
        }
        if let accept { headers.append(("Accept", accept)) }
        return headers
    }
}
