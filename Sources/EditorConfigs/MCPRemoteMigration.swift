// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// How an `npx mcp-remote URL …` entry becomes `mcp-warden URL …`: every mcp-remote flag
/// (shared/reference/mcp-remote-and-peers.md §1.1, both generations) is mapped to mcp-warden's
/// (README "Command line"), dropped when it has no effect under mcp-warden (with a note), or the
/// entry is skipped with the reason. `--header` values stay as written, `${VAR}` references
/// included; a header holding a literal secret is not copied into a new place.
public struct MCPRemoteMigration: Sendable, Equatable {
    public let url: String
    public let args: [String]
    public let notes: [String]

    public enum Outcome: Sendable, Equatable {
        case migrate(MCPRemoteMigration)
        case skip(String)
    }

    /// Flags copied as they are, with whether they take a value.
    static let same: [String: Bool] = [
        "--header": true, "--transport": true, "--protocol": true, "--debug": false, "--silent": false, "--enable-proxy": false,
        "--ignore-tool": true, "--auth-timeout": true, "--static-oauth-client-metadata": true, "--static-oauth-client-info": true,
        "--resource": true, "--client-metadata-url": true, "--connect-timeout": true, "--ping-interval": true, "--allow-http": false
    ]
    /// Flags with no effect under mcp-warden, and why.
    static let dropped: [String: (Bool, String)] = [
        "--host": (true, "the redirect always goes to 127.0.0.1"),
        "--ipv4": (false, "libcurl tries IPv6 and IPv4 side by side"),
        "--disable-cookies": (false, "mcp-warden keeps no cookies"),
        "--body-timeout": (true, "mcp-warden never cuts an answer that has started")
    ]
    /// Flags mcp-warden has no equivalent for: the entry stays as it is.
    static let unsupported: [String: String] = [
        "--header-file": "mcp-warden reads headers from --header only (use ${VAR} references)",
        "--disable-resource-parameter": "mcp-warden always sends the RFC 8707 resource",
        "--authorize-param": "mcp-warden adds no parameters to the authorization request",
        "--device-code": "mcp-warden has no device-code grant",
        "--client-credentials": "mcp-warden has no client-credentials grant",
        "--token-endpoint": "mcp-warden has no client-credentials grant",
        "--use-id-token": "mcp-warden sends access tokens only",
        "--callback-path": "mcp-warden's redirect path is /oauth/callback"
    ]

    /// The mapping of the arguments after `mcp-remote`. `isKnown` says whether mcp-warden already
    /// trusts the URL (registry or user endpoint); otherwise `--allow-unlisted` is added, which
    /// is what mcp-remote did for every server. `caFile` is the entry's `NODE_EXTRA_CA_CERTS`.
    public static func plan(arguments: [String], isKnown: (String) -> Bool, caFile: String?) -> Outcome {
        guard let url = arguments.first, let parsed = RemoteURL(url) else { return .skip("no server URL follows mcp-remote") }
        var args = [url]
        var notes: [String] = []
        var index = 1
        if index < arguments.count, let port = Int(arguments[index]), (1...65535).contains(port) {
            args += ["--callback-port", String(port)]
            index += 1
        }
        while index < arguments.count {
            var flag = arguments[index]
            var value: String?
            if let equals = flag.firstIndex(of: "="), flag.hasPrefix("--") {
                value = String(flag[flag.index(after: equals)...])
                flag = String(flag[..<equals])
            }
            func takeValue() -> String? {
                if let value { return value }
                guard index + 1 < arguments.count else { return nil }
                index += 1
                return arguments[index]
            }
            if let reason = unsupported[flag] { return .skip("\(flag): \(reason)") }
            if let takes = same[flag] {
                guard takes else {
                    args.append(flag)
                    index += 1
                    continue
                }
                guard let given = takeValue() else { return .skip("\(flag) has no value") }
                if flag == "--header" || flag.hasPrefix("--static-oauth"),
                    let secret = SecretShapes.find(in: given, name: flag == "--header" ? given : "secret")
                {
                    return .skip("\(flag) holds a literal \(secret.kind.rawValue) (\(secret.masked)): put it in the entry's env and write ${VAR} first")
                }
                args += [flag, given]
            } else if flag == "--keep-alive" {
                args += ["--ping-interval", "30"]
            } else if flag == "--headers-timeout" {
                guard let given = takeValue() else { return .skip("--headers-timeout has no value") }
                args += ["--response-timeout", given == "0" ? "3600" : given]
            } else if let (takes, why) = dropped[flag] {
                if takes, takeValue() == nil { return .skip("\(flag) has no value") }
                notes.append("\(flag) dropped: \(why)")
            } else {
                return .skip("\(flag.prefix(40)) is not an mcp-remote flag mcp-warden knows")
            }
            index += 1
        }
        if parsed.scheme == "http", !parsed.isLoopback { return .skip("plain http to \(parsed.host), which mcp-warden refuses") }
        if parsed.scheme == "http", !args.contains("--allow-http") { args.append("--allow-http") }
        if !isKnown(url) {
            args.append("--allow-unlisted")
            notes.append("--allow-unlisted added: the server is not in the registry or your endpoints (mcp-remote trusted every server)")
        }
        if let caFile, caFile.hasPrefix("/") {
            args += ["--ca-file", caFile]
            notes.append("NODE_EXTRA_CA_CERTS became --ca-file")
        }
        return .migrate(MCPRemoteMigration(url: url, args: args, notes: notes))
    }
}
