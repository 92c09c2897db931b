// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import MCPFraming

/// One tool of a `tools/list` answer as the guard sees it: its name, the digests that pin it,
/// what its annotations say, and the hidden text it carries.
///
/// The digest covers what a model reads and a reviewer reviews (MCP 2025-11-25 "Tool"): `name`,
/// `title`, `description`, `inputSchema`, `outputSchema` and `annotations`, in a canonical form
/// (object members sorted by name, compact), so a server that reorders members or changes its
/// white space has not changed its tools. `_meta`, `icons` and `execution` are not covered.
public struct ToolDefinition: Sendable {
    /// What a change touched, as a warning names it.
    public enum Aspect: String, Sendable, CaseIterable {
        case description, schema, annotations
    }

    public let name: String
    public let fingerprint: ToolFingerprint
    /// The tool as the server sent it.
    public let value: JSONValue
    /// Where hidden text was found (field → what it holds); empty for clean tools.
    public let findings: [HiddenTextFinding]

    /// Nil when `value` is not an object with a string `name`.
    public init?(_ value: JSONValue) {
        guard let object = value.objectValue, let name = object["name"]?.stringValue else { return nil }
        self.name = name
        self.value = value
        let annotations = object["annotations"]?.objectValue
        let parts: [Aspect: String] = [
            .description: Self.aspectDigest(object, ["title", "description"]),
            .schema: Self.aspectDigest(object, ["inputSchema", "outputSchema"]),
            .annotations: Self.aspectDigest(object, ["annotations"])
        ]
        var whole = Array(name.utf8) + [0]
        for aspect in Aspect.allCases { whole += Array(parts[aspect]!.utf8) }
        fingerprint = ToolFingerprint(
            digest: Digest.sha256Hex(whole), parts: parts.mapValues { String($0.prefix(16)) },
            readOnlyHint: annotations?["readOnlyHint"]?.boolValue, hints: Self.hints(annotations),
            flags: [])
        findings = HiddenTextFinding.scan(object)
    }

    /// The digest of the named members of `object`, canonical (absent members are left out).
    static func aspectDigest(_ object: JSONObject, _ names: [String]) -> String {
        let members = names.compactMap { name in object[name].map { (key: name, value: CanonicalJSON.canonical($0)) } }
        return Digest.sha256Hex(JSONValue.object(JSONObject(members)).serialized())
    }

    /// The annotations' hints that are true, in words (`read-only`, `destructive`, …).
    static func hints(_ annotations: JSONObject?) -> [String] {
        guard let annotations else { return [] }
        let words = [("readOnlyHint", "read-only"), ("destructiveHint", "destructive"), ("idempotentHint", "idempotent"), ("openWorldHint", "open-world")]
        return words.compactMap { annotations[$0.0]?.boolValue == true ? $0.1 : nil }
    }

    /// The tool without its hidden characters (`--strip-invisible`): every string and member name
    /// but the tool's `name`, which the editor must send back exactly. A member named twice is
    /// written once, with the value a reader takes (the last): a hostile answer's first `name`
    /// (say, all invisible tag characters) must not ride along beside the one that was screened.
    public func strippingHiddenText() -> JSONValue {
        guard !findings.isEmpty, let object = value.objectValue else { return value }
        var out = JSONObject()
        for member in object.members {
            let key = HiddenText.stripped(member.key)
            out[key] = key == "name" ? .string(name) : Self.stripped(member.value)
        }
        return .object(out)
    }

    static func stripped(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text): return .string(HiddenText.stripped(text))
        case .array(let items): return .array(items.map(stripped))
        case .object(let object): return .object(JSONObject(object.members.map { (key: HiddenText.stripped($0.key), value: stripped($0.value)) }))
        case .null, .bool, .number: return value
        }
    }
}

extension ToolDefinition.Aspect {
    /// "description", "description and schema", "description, schema and annotations".
    public static func phrase(_ aspects: [Self]) -> String {
        let names = aspects.map(\.rawValue)
        guard names.count > 1 else { return names.first ?? "definition" }
        return names.dropLast().joined(separator: ", ") + " and " + names.last!
    }
}

/// What a pin records of one definition: the digest that decides, the digests of the aspects that
/// name a change, and what its annotations said.
public struct ToolFingerprint: Sendable, Equatable {
    /// SHA-256 (hex) of the name and the aspects' digests.
    public var digest: String
    /// The first 16 hex digits of each aspect's digest (they only name what changed).
    public var parts: [ToolDefinition.Aspect: String]
    public var readOnlyHint: Bool?
    public var hints: [String]
    /// `hidden-text`, `mixed-script`, `look-alike`: what was flagged when it was seen.
    public var flags: [String]

    public init(digest: String, parts: [ToolDefinition.Aspect: String], readOnlyHint: Bool?, hints: [String], flags: [String]) {
        self.digest = digest
        self.parts = parts
        self.readOnlyHint = readOnlyHint
        self.hints = hints
        self.flags = flags
    }

    /// The aspects in which `other` differs from this one (all three when the parts are unknown).
    public func changes(to other: ToolFingerprint) -> [ToolDefinition.Aspect] {
        let changed = ToolDefinition.Aspect.allCases.filter { parts[$0] != other.parts[$0] }
        return changed.isEmpty && digest != other.digest ? ToolDefinition.Aspect.allCases : changed
    }
}

/// The canonical form the digests are computed over: object members sorted by the bytes of their
/// names (stable: duplicate names keep their order), arrays and scalars as they are.
enum CanonicalJSON {
    static func canonical(_ value: JSONValue) -> JSONValue {
        switch value {
        case .array(let items): return .array(items.map(canonical))
        case .object(let object):
            let sorted = object.members.enumerated().sorted { left, right in
                left.element.key.utf8.elementsEqual(right.element.key.utf8)
                    ? left.offset < right.offset : left.element.key.utf8.lexicographicallyPrecedes(right.element.key.utf8)
            }
            return .object(JSONObject(sorted.map { (key: $0.element.key, value: canonical($0.element.value)) }))
        case .null, .bool, .number, .string: return value
        }
    }
}
