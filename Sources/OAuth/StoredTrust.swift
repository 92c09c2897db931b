// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// The TLS trust a grant was obtained under, kept with it in the vault so that `logout` revokes
/// with the trust the user gave when the grant was made, without asking for `--allow-unlisted
/// --ca-file …` again (issue 13 "logout … need no trust flags for what is stored").
public struct StoredTrust: Sendable, Equatable {
    /// A registry entry's name: at logout the registry's pins of that release apply, with `pins`.
    public var registryEntry: String?
    /// Extra trust anchors (PEM text: `--ca-file` and the endpoint's own CA file), if any.
    public var anchorsPEM: String?
    /// SPKI pins (`sha256/…`) the connection had to match.
    public var pins: [String]
    /// Plain http to a loopback host was allowed (`--allow-http`).
    public var allowHTTP: Bool

    public init(registryEntry: String?, anchorsPEM: String?, pins: [String], allowHTTP: Bool) {
        self.registryEntry = registryEntry
        self.anchorsPEM = anchorsPEM
        self.pins = pins
        self.allowHTTP = allowHTTP
    }

    func encoded() -> JSONObject {
        var members: [(key: String, value: JSONValue)] = []
        if let registryEntry { members.append(("registryEntry", .string(registryEntry))) }
        if let anchorsPEM { members.append(("anchorsPEM", .string(anchorsPEM))) }
        members += [("pins", .array(pins.map { .string($0) })), ("allowHTTP", .bool(allowHTTP))]
        return JSONObject(members)
    }

    static func decode(_ object: JSONObject) -> StoredTrust? {
        guard let pins = object["pins"]?.arrayValue, let allowHTTP = object["allowHTTP"]?.boolValue else { return nil }
        let texts = pins.compactMap(\.stringValue)
        guard texts.count == pins.count else { return nil }
        if let entry = object["registryEntry"], entry.stringValue == nil { return nil }
        if let anchors = object["anchorsPEM"], anchors.stringValue == nil { return nil }
        return StoredTrust(
            registryEntry: object["registryEntry"]?.stringValue, anchorsPEM: object["anchorsPEM"]?.stringValue, pins: texts, allowHTTP: allowHTTP)
    }
}
