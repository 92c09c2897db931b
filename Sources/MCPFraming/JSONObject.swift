// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// A JSON object (RFC 8259 §4) that keeps its members in input order.
///
/// RFC 8259 §4 says names SHOULD be unique but does not forbid duplicates; this type keeps
/// every member as it appeared (so nothing is lost when forwarding), and lookups return the
/// last member with the name, the behaviour of most JSON implementations.
///
/// Equality and hashing are member-by-member and order-sensitive: two objects are equal when
/// they would serialize to the same bytes.
public struct JSONObject: Sendable, Hashable, Sequence {
    public typealias Member = (key: String, value: JSONValue)

    public private(set) var members: [Member]

    public init(_ members: [(key: String, value: JSONValue)] = []) {
        self.members = members
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map(\.key) }

    /// Get: the value of the last member named `key`.
    /// Set: replaces the value of the first member named `key` in place (removing any later
    /// duplicates) or appends a new member; setting `nil` removes every member named `key`.
    public subscript(key: String) -> JSONValue? {
        get {
            var index = members.endIndex
            while index > members.startIndex {
                index -= 1
                if members[index].key == key { return members[index].value }
            }
            return nil
        }
        set {
            guard let first = members.firstIndex(where: { $0.key == key }) else {
                if let newValue { members.append((key: key, value: newValue)) }
                return
            }
            if let newValue {
                members[first].value = newValue
                var index = first + 1
                while index < members.endIndex {
                    if members[index].key == key { members.remove(at: index) } else { index += 1 }
                }
            } else {
                members.removeAll { $0.key == key }
            }
        }
    }

    /// True when at least one member is named `key` (whatever its value, including null).
    public func contains(key: String) -> Bool {
        members.contains { $0.key == key }
    }

    public func makeIterator() -> IndexingIterator<[Member]> {
        members.makeIterator()
    }

    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for (left, right) in zip(lhs.members, rhs.members) {
            guard left.key == right.key, left.value == right.value else { return false }
        }
        return true
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(members.count)
        for member in members {
            hasher.combine(member.key)
            hasher.combine(member.value)
        }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    /// Members in literal order; duplicate keys in the literal are kept as written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init(elements.map { (key: $0.0, value: $0.1) })
    }
}
