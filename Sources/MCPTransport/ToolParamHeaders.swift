// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import HTTPGrammar
import MCPFraming
import Synchronization

/// The `x-mcp-header` annotations of one tool's `inputSchema` (MCP 2026-07-28 Streamable HTTP
/// "Custom Headers from Tool Parameters"): which argument goes into which `Mcp-Param-{Name}` header.
public struct ToolParamHeaders: Sendable, Equatable {
    public struct Parameter: Sendable, Equatable {
        /// The chain of `properties` keys from the schema root to the annotated property.
        public let path: [String]
        /// `{Name}` of `Mcp-Param-{Name}`.
        public let name: String
    }

    public let parameters: [Parameter]

    /// Why a tool definition must be dropped from `tools/list`; nil when it is valid (a schema
    /// without any annotation is valid and yields no parameters).
    public enum Invalid: Error, Equatable, CustomStringConvertible {
        case badName(String)
        case duplicate(String)
        case notPrimitive(String)
        case notStaticallyReachable(String)

        public var description: String {
            switch self {
            case .badName(let name): "x-mcp-header value \"\(VisibleName.escaped(name))\" is not an HTTP token"
            case .duplicate(let name): "x-mcp-header value \"\(name)\" is used twice"
            case .notPrimitive(let path): "x-mcp-header on \(path), which is not a string, integer or boolean"
            case .notStaticallyReachable(let keyword): "x-mcp-header under \"\(keyword)\", which is not reachable through properties alone"
            }
        }
    }

    /// Deepest schema nesting examined; a deeper annotation makes the tool invalid rather than
    /// costing unbounded work on a hostile schema.
    static let maxDepth = 32

    /// Reads the annotations of `inputSchema`. Throws for a definition a client must reject: a
    /// name that is not a token, a duplicate (case-insensitive), a non-primitive or `number`
    /// parameter, or an annotation anywhere but on a chain of `properties` keys.
    public init(inputSchema: JSONValue?) throws(Invalid) {
        var found: [Parameter] = []
        if let schema = inputSchema?.objectValue {
            try Self.collect(schema, path: [], depth: 0, into: &found)
        }
        var seen = Set<String>()
        for parameter in found where !seen.insert(parameter.name.lowercased()).inserted {
            throw .duplicate(parameter.name)
        }
        parameters = found
    }

    private static func collect(_ schema: JSONObject, path: [String], depth: Int, into found: inout [Parameter]) throws(Invalid) {
        if let annotation = schema["x-mcp-header"] {
            guard !path.isEmpty else { throw .notPrimitive("the schema root") }
            guard let name = annotation.stringValue, !name.isEmpty, name.utf8.allSatisfy(HTTPGrammar.isTokenCharacter) else {
                throw .badName(annotation.stringValue ?? "(not a string)")
            }
            guard let type = schema["type"]?.stringValue, ["string", "integer", "boolean"].contains(type) else {
                throw .notPrimitive(path.joined(separator: "."))
            }
            found.append(Parameter(path: path, name: name))
        }
        guard depth < maxDepth else { return }
        for (key, value) in schema {
            if key == "properties", let properties = value.objectValue {
                for (property, subschema) in properties {
                    guard let subschema = subschema.objectValue else { continue }
                    try collect(subschema, path: path + [property], depth: depth + 1, into: &found)
                }
            } else if Self.subschemaKeywords.contains(key), Self.mentionsAnnotation(value, depth: depth) {
                throw .notStaticallyReachable(key)
            }
        }
    }

    /// JSON Schema 2020-12 keywords whose values are schemas: an annotation under one of them is
    /// not on a chain of `properties` keys. (Values of `default`, `enum`, `examples`… are data.)
    static let subschemaKeywords: Set<String> = [
        "items", "prefixItems", "contains", "additionalProperties", "patternProperties", "propertyNames",
        "unevaluatedItems", "unevaluatedProperties", "dependentSchemas", "oneOf", "anyOf", "allOf", "not",
        "if", "then", "else", "$defs", "definitions", "$ref"
    ]

    /// True when `x-mcp-header` appears anywhere inside `value` (bounded by `maxDepth`).
    private static func mentionsAnnotation(_ value: JSONValue, depth: Int) -> Bool {
        guard depth < maxDepth else { return false }
        switch value {
        case .object(let object):
            return object.contains(key: "x-mcp-header") || object.contains { mentionsAnnotation($0.value, depth: depth + 1) }
        case .array(let items):
            return items.contains { mentionsAnnotation($0, depth: depth + 1) }
        default:
            return false
        }
    }

    /// The `Mcp-Param-*` headers for a call with `arguments`: a value that is absent or null is
    /// omitted; strings go as they are, integers in decimal, booleans as `true`/`false`, each
    /// through the sentinel encoding when not header-safe ("Value Encoding").
    public func headers(arguments: JSONValue?) -> [(name: String, value: String)] {
        parameters.compactMap { parameter in
            var value = arguments
            for key in parameter.path { value = value?[key] }
            let text: String
            switch value {
            case .string(let string)?: text = string
            case .number(let literal)?: text = literal
            case .bool(let flag)?: text = flag ? "true" : "false"
            default: return nil
            }
            return ("Mcp-Param-" + parameter.name, HeaderValue.encode(text))
        }
    }
}

/// What mcp-warden learned from the server's `tools/list` answers: the `x-mcp-header` parameters of
/// each tool, for the `Mcp-Param-*` headers of its calls. Shared by the transports of one run.
public final class ToolHeaderRegistry: Sendable {
    private let tools = Mutex<[String: ToolParamHeaders]>([:])

    public init() {}

    /// True once any `tools/list` answer was recorded.
    public var isEmpty: Bool { tools.withLock { $0.isEmpty } }

    public func headers(tool: String, arguments: JSONValue?) -> [(name: String, value: String)] {
        tools.withLock { $0[tool] }?.headers(arguments: arguments) ?? []
    }

    /// Records one page of a `tools/list` result and returns it without the tools a client must
    /// reject (with why, for a warning each); `nil` when nothing had to be dropped.
    public func record(listResult result: JSONObject) -> (kept: JSONObject, dropped: [(tool: String, reason: String)])? {
        guard let list = result["tools"]?.arrayValue else { return nil }
        var kept: [JSONValue] = []
        var dropped: [(tool: String, reason: String)] = []
        var learned: [String: ToolParamHeaders] = [:]
        for tool in list {
            guard let name = tool["name"]?.stringValue else {
                kept.append(tool)
                continue
            }
            do {
                learned[name] = try ToolParamHeaders(inputSchema: tool["inputSchema"])
                kept.append(tool)
            } catch {
                dropped.append((VisibleName.escaped(name), error.description))
            }
        }
        tools.withLock { known in
            for (name, headers) in learned { known[name] = headers }
            for (name, _) in dropped { known[name] = nil }
        }
        guard !dropped.isEmpty else { return nil }
        var trimmed = result
        trimmed["tools"] = .array(kept)
        return (trimmed, dropped)
    }
}

/// A server-chosen name made safe for one line of stderr.
enum VisibleName {
    static func escaped(_ name: String) -> String {
        var out = ""
        for scalar in name.unicodeScalars.prefix(120) {
            if scalar.value >= 0x20 && scalar.value < 0x7F {
                out.unicodeScalars.append(scalar)
            } else {
                out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return out
    }
}
