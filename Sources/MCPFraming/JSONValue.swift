// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// A JSON value as defined by RFC 8259 §3.
///
/// Numbers are kept as the exact literal that appeared in the input (RFC 8259 §6 leaves
/// precision to implementations; a bridge must not change what it forwards), so `1.0`,
/// `-0`, `12345678901234567890` and `1e400` survive a parse → serialize round trip.
///
/// Values are recursive: keep nesting modest (the parser's `maxDepth` does this for
/// parsed input), since equality, hashing and deallocation recurse.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// The number literal exactly as written, valid per the RFC 8259 §6 grammar.
    /// `serialized()` writes `null` for a literal that is not valid (possible only for
    /// values built in code), so its output is always valid JSON.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The member named `key` (the last one if the key is duplicated); nil unless this is an
    /// object holding that key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number literal, verbatim.
    public var numberLiteral: String? {
        if case .number(let literal) = self { return literal }
        return nil
    }

    /// The number as an `Int` when its literal is a plain integer (optional `-` and digits,
    /// no fraction or exponent) that fits; nil otherwise.
    public var intValue: Int? {
        guard case .number(let literal) = self else { return nil }
        return JSONNumberGrammar.integerValue(of: literal)
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// A number value from an integer (its decimal literal).
    public static func integer(_ value: Int) -> JSONValue {
        .number(String(value))
    }
}
