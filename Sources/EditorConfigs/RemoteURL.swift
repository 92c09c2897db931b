// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The parts of a server URL the audit looks at, parsed without Foundation: scheme, host (IPv6
/// brackets removed, lower case), port, and whether user info or a query is present.
public struct RemoteURL: Sendable, Equatable {
    public let scheme: String
    public let host: String
    public let port: Int?
    public let hasUserInfo: Bool
    public let query: String?

    public init?(_ text: String) {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[text.index(colon, offsetBy: 3)...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        var authority = rest[..<authorityEnd]
        hasUserInfo = authority.contains("@")
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var hostPart = authority
        var portText: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            hostPart = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() }
        } else if let portColon = authority.lastIndex(of: ":") {
            hostPart = authority[..<portColon]
            portText = authority[authority.index(after: portColon)...]
        }
        host = hostPart.lowercased()
        guard !host.isEmpty else { return nil }
        port = portText.flatMap { Int($0) } ?? (scheme == "https" ? 443 : 80)
        let queryStart = rest.firstIndex(of: "?")
        query = queryStart.map { String(rest[rest.index(after: $0)...].prefix { $0 != "#" }) }
    }

    /// 127.0.0.0/8, ::1 and `localhost` (RFC 6761 §6.3).
    public var isLoopback: Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host == "0:0:0:0:0:0:0:1"
            || (host.hasPrefix("127.") && host.split(separator: ".").count == 4 && host.split(separator: ".").allSatisfy { UInt8($0) != nil })
    }
}
