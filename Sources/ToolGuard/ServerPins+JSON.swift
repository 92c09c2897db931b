// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// A record file's problem: what is wrong and what to do, free of secrets.
public struct ToolPinError: Error, Sendable {
    public let message: String
    public let hint: String?

    public init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}

/// The JSON form of a server's pins, one member of the record file's `servers` list:
///
/// ```json
/// {"server": "https://…", "variant": "", "firstSeen": "2026-12-06", "tools": [
///   {"name": "echo", "firstSeen": "…", "pinnedOn": "…",
///    "pinned": {"digest": "<64 hex>", "description": "<16 hex>", "schema": "…", "annotations": "…",
///               "readOnlyHint": true, "hints": ["read-only"], "flags": []},
///    "pending": {… the same …, "seen": "…", "text": "the new description, escaped"}}]}
/// ```
extension ServerPins {
    public func json() -> JSONValue {
        let items: [JSONValue] = tools.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }.map { name in
            let pin = tools[name]!
            var object = JSONObject([("name", .string(name)), ("firstSeen", .string(pin.firstSeen)), ("pinnedOn", .string(pin.pinnedOn))])
            if let pinned = pin.pinned { object["pinned"] = .object(Self.json(pinned)) }
            if let pending = pin.pending {
                var change = Self.json(pending.fingerprint)
                change["seen"] = .string(pending.seen)
                change["text"] = .string(pending.description)
                object["pending"] = .object(change)
            }
            return .object(object)
        }
        return .object(
            JSONObject([("server", .string(server)), ("variant", .string(variant)), ("firstSeen", .string(firstSeen)), ("tools", .array(items))]))
    }

    static func json(_ fingerprint: ToolFingerprint) -> JSONObject {
        var object = JSONObject([("digest", .string(fingerprint.digest))])
        for aspect in ToolDefinition.Aspect.allCases { object[aspect.rawValue] = .string(fingerprint.parts[aspect] ?? "") }
        if let hint = fingerprint.readOnlyHint { object["readOnlyHint"] = .bool(hint) }
        object["hints"] = .array(fingerprint.hints.map { .string($0) })
        object["flags"] = .array(fingerprint.flags.map { .string($0) })
        return object
    }

    /// Reads one `servers` member; a damaged one throws, naming what is wrong.
    public init(json value: JSONValue) throws(ToolPinError) {
        guard let server = value["server"]?.stringValue, let variant = value["variant"]?.stringValue,
            let firstSeen = value["firstSeen"]?.stringValue, let items = value["tools"]?.arrayValue
        else { throw ToolPinError("a server record needs \"server\", \"variant\", \"firstSeen\" and \"tools\"") }
        var tools: [String: ToolPin] = [:]
        for item in items {
            guard let name = item["name"]?.stringValue, let first = item["firstSeen"]?.stringValue, let on = item["pinnedOn"]?.stringValue else {
                throw ToolPinError("a tool of \(server) needs \"name\", \"firstSeen\" and \"pinnedOn\"")
            }
            guard tools[name] == nil else { throw ToolPinError("\(server) lists the tool \"\(HiddenText.escaped(name))\" twice") }
            let pinned = try item["pinned"].map { (value: JSONValue) throws(ToolPinError) in try Self.fingerprint(value, of: name) }
            var pending: PendingChange? = nil
            if let change = item["pending"] {
                guard let seen = change["seen"]?.stringValue, let text = change["text"]?.stringValue else {
                    throw ToolPinError("the pending change of \"\(HiddenText.escaped(name))\" needs \"seen\" and \"text\"")
                }
                pending = PendingChange(fingerprint: try Self.fingerprint(change, of: name), seen: seen, description: text)
            }
            guard pinned != nil || pending != nil else { throw ToolPinError("\"\(HiddenText.escaped(name))\" has neither a pin nor a pending change") }
            tools[name] = ToolPin(firstSeen: first, pinnedOn: on, pinned: pinned, pending: pending)
        }
        self.init(server: server, variant: variant, firstSeen: firstSeen, tools: tools)
    }

    static func fingerprint(_ value: JSONValue, of name: String) throws(ToolPinError) -> ToolFingerprint {
        let damaged = ToolPinError("the pin of \"\(HiddenText.escaped(name))\" is damaged")
        guard let digest = value["digest"]?.stringValue, isHex(digest, count: 64) else { throw damaged }
        var parts: [ToolDefinition.Aspect: String] = [:]
        for aspect in ToolDefinition.Aspect.allCases {
            guard let part = value[aspect.rawValue]?.stringValue, isHex(part, count: 16) else { throw damaged }
            parts[aspect] = part
        }
        let readOnly = value["readOnlyHint"]
        guard readOnly == nil || readOnly?.boolValue != nil, let hints = value["hints"]?.arrayValue, let flags = value["flags"]?.arrayValue else {
            throw damaged
        }
        let hintWords = hints.compactMap(\.stringValue), flagWords = flags.compactMap(\.stringValue)
        guard hintWords.count == hints.count, flagWords.count == flags.count else { throw damaged }
        return ToolFingerprint(digest: digest, parts: parts, readOnlyHint: readOnly?.boolValue, hints: hintWords, flags: flagWords)
    }

    static func isHex(_ text: String, count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
