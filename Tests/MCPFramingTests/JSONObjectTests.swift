// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// The ordered object: lookup, replacement and removal rules, equality and hashing.
@Suite struct JSONObjectTests {
    @Test func lookupOfAMissingKeyIsNil() {
        let object: JSONObject = ["a": .null]
        #expect(object["b"] == nil)
        #expect(object["a"] == .null)  // present with a null value is not missing
        #expect(object.contains(key: "a"))
        #expect(!object.contains(key: "b"))
    }

    @Test func settingAnExistingKeyReplacesItInPlace() {
        var object: JSONObject = ["a": .number("1"), "b": .number("2"), "c": .number("3")]
        object["b"] = .string("x")
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["b"] == .string("x"))
    }

    @Test func settingANewKeyAppendsIt() {
        var object: JSONObject = ["a": .number("1")]
        object["z"] = .bool(true)
        #expect(object.keys == ["a", "z"])
        #expect(object.count == 2)
    }

    @Test func settingADuplicatedKeyLeavesOneMemberAtTheFirstPosition() {
        var object = JSONObject([(key: "k", value: .number("1")), (key: "x", value: .null), (key: "k", value: .number("2"))])
        object["k"] = .number("3")
        #expect(object.keys == ["k", "x"])
        #expect(object["k"] == .number("3"))
    }

    @Test func settingNilRemovesEveryMemberWithTheKey() {
        var object = JSONObject([(key: "k", value: .number("1")), (key: "x", value: .null), (key: "k", value: .number("2"))])
        object["k"] = nil
        #expect(object.keys == ["x"])
        object["absent"] = nil
        #expect(object.keys == ["x"])
    }

    @Test func subscriptOnValuesReachesOnlyIntoObjects() {
        let value: JSONValue = .object(["a": .object(["b": .string("c")])])
        #expect(value["a"]?["b"] == .string("c"))
        #expect(JSONValue.array([.string("a")])["a"] == nil)
        #expect(JSONValue.string("a")["a"] == nil)
        #expect(value.stringValue == nil && value.arrayValue == nil && value.objectValue != nil)
    }

    @Test func iterationFollowsMemberOrder() {
        let object: JSONObject = ["b": .null, "a": .null, "c": .null]
        #expect(object.map(\.key) == ["b", "a", "c"])
    }

    @Test func equalityIsOrderSensitiveAndHashingAgrees() {
        let ab: JSONObject = ["a": .number("1"), "b": .number("2")]
        let ba: JSONObject = ["b": .number("2"), "a": .number("1")]
        let abAgain: JSONObject = ["a": .number("1"), "b": .number("2")]
        #expect(ab != ba)
        #expect(ab == abAgain)
        #expect(ab.hashValue == abAgain.hashValue)
        #expect(Set([JSONValue.object(ab), .object(abAgain), .object(ba)]).count == 2)
    }

    @Test func numbersCompareAsLiteralsNotAsQuantities() {
        #expect(JSONValue.number("1.0") != JSONValue.number("1"))
    }
}
