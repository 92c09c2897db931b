// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The host name the redirect URI names (`--host`). The listener binds loopback addresses only
/// whichever is chosen (RFC 8252 §8.3); the name only decides what the redirect URI says and so
/// what `Host` the browser sends. RFC 8252 §7.3 recommends the IP literal; `localhost` exists for
/// clients that a provider pre-registered with it (Slack requires `http://localhost:3118/callback`).
public enum LoopbackHost: String, Sendable, CaseIterable {
    case ipv4 = "127.0.0.1"
    case localhost
    case ipv6 = "[::1]"

    /// `127.0.0.1`, `localhost`, `[::1]` or `::1`, exactly (no other spelling of an address, no
    /// other name): anything else could resolve to a routable interface or another machine.
    public init?(argument: String) {
        switch argument {
        case "127.0.0.1": self = .ipv4
        case "localhost": self = .localhost
        case "[::1]", "::1": self = .ipv6
        default: return nil
        }
    }

    /// The address families the listener binds. `localhost` gets both: browsers may resolve it to
    /// `::1` first (RFC 6761 §6.3 lets it be either), and a port bound on one family only could
    /// then be served by another program on the other.
    var families: [LoopbackSocket.Family] {
        switch self {
        case .ipv4: [.ipv4]
        case .localhost: [.ipv4, .ipv6]
        case .ipv6: [.ipv6]
        }
    }

    /// What a browser sends as `Host` for the redirect URI on `port` (RFC 9110 §7.2): the URI's
    /// host and port; without the port on 80, where browsers leave the default out.
    func acceptsHostField(_ value: ArraySlice<UInt8>, port: UInt16) -> Bool {
        value.elementsEqual("\(rawValue):\(port)".utf8) || (port == 80 && value.elementsEqual(rawValue.utf8))
    }
}

/// `--callback-path`: the path of the redirect URI, which a pre-registered client must match
/// byte for byte (RFC 6749 §3.1.2.3 simple string comparison).
public enum CallbackPath {
    public static let maxLength = 200

    /// Nil when `path` is acceptable, else why not. Accepted: starts with `/`, at most 200 bytes of
    /// `ALPHA / DIGIT / "-" / "." / "_" / "~" / "/"` (RFC 3986 unreserved and the separator), no
    /// empty, `.` or `..` segment (which a browser would normalise away, RFC 3986 §5.2.4), so the
    /// path the browser sends is the one registered. No query, fragment or percent-encoding.
    public static func problem(_ path: String) -> String? {
        guard path.hasPrefix("/") else { return "must start with /" }
        guard path.utf8.count <= maxLength else { return "is longer than \(maxLength) bytes" }
        guard path.utf8.allSatisfy(isAllowed) else {
            return "may contain only letters, digits, - . _ ~ and / (no query, fragment or percent-encoding)"
        }
        guard
            path == "/" || !path.dropFirst().split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        else { return "may not have empty, . or .. segments" }
        return nil
    }

    private static func isAllowed(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
        case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"): true
        default: false
        }
    }
}
