// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Endpoints
import Glibc
import MCPFraming
import PinnedHTTP

/// A server the user trusts explicitly (`mcp-warden endpoints add`): same role as a registry
/// entry; pins and hosts are optional.
struct UserEndpoint: Equatable {
    let name: String
    let url: String
    let pins: [String]
    let caFile: String?
    /// Extra hosts allowed besides the URL's own (authorization server, …).
    let hosts: [String]
    /// The tool guard's settings for this server (`--allow-tool`, `--ignore-tool`, `--read-only`):
    /// they narrow what the command line allows, never widen it.
    var allowTools: [String] = []
    var ignoreTools: [String] = []
    var readOnly = false

    static func validate(name: String) throws(UserError) {
        let ok =
            (1...63).contains(name.utf8.count) && name.utf8.first.map { $0 != UInt8(ascii: "-") } == true
            && name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == UInt8(ascii: "-") }
        guard ok else { throw UserError(.usage, "endpoint name \"\(name.prefix(70))\" must be 1–63 of a-z, 0-9 and '-', not starting with '-'") }
        guard EndpointRegistry.entry(named: name) == nil else {
            throw UserError(.usage, "\(name) is the name of an official registry entry", hint: "pick another name for your own endpoint")
        }
    }

    func validated() throws(UserError) -> UserEndpoint {
        try Self.validate(name: name)
        guard let target = RequestTarget(url), target.scheme == "https" || target.isLoopback else {
            throw UserError(.usage, "\(name): \(url.prefix(200)) is not an https URL (plain http only to loopback)")
        }
        for pin in pins where SPKIPin(pin) == nil {
            throw UserError(.usage, "\(name): \(pin.prefix(80)) is not a pin", hint: "a pin is sha256/ followed by the base64 of a 32-byte SHA-256 digest")
        }
        for host in hosts where RequestTarget("https://\(host)/") == nil || host.contains("/") {
            throw UserError(.usage, "\(name): \(host.prefix(80)) is not a host name")
        }
        if let caFile, !caFile.hasPrefix("/") { throw UserError(.usage, "\(name): the CA file must be an absolute path") }
        return self
    }

    /// True when `url` is this endpoint's URL: same scheme, host, port and path (trailing slash tolerated).
    func matches(_ url: String) -> Bool {
        guard let mine = RequestTarget(self.url), let theirs = RequestTarget(url) else { return false }
        return mine.origin == theirs.origin && Self.path(of: self.url) == Self.path(of: url)
    }

    private static func path(of url: String) -> String {
        let parts = url.split(separator: "/", maxSplits: 3, omittingEmptySubsequences: false)
        // "https:", "", "host", "rest of the path"
        var path = parts.count == 4 ? "/" + parts[3] : "/"
        if path.count > 1 && path.hasSuffix("/") { path.removeLast() }
        return path
    }
}

/// `endpoints.json` in the configuration directory: `{"version":1,"endpoints":[…]}`, 0600,
/// written atomically. A damaged file is reported, never silently replaced.
struct UserEndpointStore {
    let directory: String
    var path: String { directory + "/endpoints.json" }

    func load() throws(UserError) -> [UserEndpoint] {
        guard let bytes = try ConfigFile.readTrusted(path) else { return [] }
        let damaged = { (why: String) in UserError(.config, "\(path) is damaged: \(why)", hint: "fix the file by hand or move it aside; nothing was changed") }
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch { throw damaged(error.description) }
        guard root["version"] == .number("1") else { throw damaged("unknown or missing \"version\" (expected 1)") }
        guard let list = root["endpoints"]?.arrayValue else { throw damaged("no \"endpoints\" list") }
        var result: [UserEndpoint] = []
        for (index, item) in list.enumerated() {
            guard let name = item["name"]?.stringValue, let url = item["url"]?.stringValue else {
                throw damaged("endpoint #\(index + 1) needs a \"name\" and a \"url\"")
            }
            let pins = item["pins"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let hosts = item["hosts"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let globs = { (key: String) in item[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
            let endpoint = UserEndpoint(
                name: name, url: url, pins: pins, caFile: item["caFile"]?.stringValue, hosts: hosts, allowTools: globs("allowTools"),
                ignoreTools: globs("ignoreTools"), readOnly: item["readOnly"]?.boolValue ?? false)
            do { result.append(try endpoint.validated()) } catch { throw damaged("endpoint #\(index + 1): \(error.message)") }
        }
        return result
    }

    func save(_ endpoints: [UserEndpoint]) throws(UserError) {
        try ConfigLocation.ensurePrivateDirectory(directory)
        let items: [JSONValue] = endpoints.map { endpoint in
            var object = JSONObject([("name", .string(endpoint.name)), ("url", .string(endpoint.url))])
            if !endpoint.pins.isEmpty { object["pins"] = .array(endpoint.pins.map { .string($0) }) }
            if let caFile = endpoint.caFile { object["caFile"] = .string(caFile) }
            if !endpoint.hosts.isEmpty { object["hosts"] = .array(endpoint.hosts.map { .string($0) }) }
            if !endpoint.allowTools.isEmpty { object["allowTools"] = .array(endpoint.allowTools.map { .string($0) }) }
            if !endpoint.ignoreTools.isEmpty { object["ignoreTools"] = .array(endpoint.ignoreTools.map { .string($0) }) }
            if endpoint.readOnly { object["readOnly"] = .bool(true) }
            return .object(object)
        }
        let document = JSONValue.object(JSONObject([("version", .number("1")), ("endpoints", .array(items))]))
        try AtomicFile.write(document.serialized() + [0x0A], to: path)
    }
}
