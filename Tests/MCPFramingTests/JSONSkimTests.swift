// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// The skimming scanner and `JSONRPCMessage.skim` (issue 14): the same verdict as the full parser
/// and `decode` for every input — valid or not, the same kind, id, method and error — and the
/// message's bytes forwarded as they came.
@Suite struct JSONSkimTests {
    static let messages = [
        #"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x","arguments":{"a":[1,2,{"b":null}]}}}"#,
        #"{"method":"notifications/progress","jsonrpc":"2.0","params":{"progress":0.5e1,"total":-1}}"#,
        #"{"jsonrpc":"2.0","id":"r1","result":{"content":[{"type":"text","text":"a\"b\\c\u00e9\ud83d\ude00\n"}]}}"#,
        #"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error","data":{"deep":[[[]]]}}}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"message":"m","code":-1.5}}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"code":1}}"#, #"{"jsonrpc":"2.0","id":1,"error":[]}"#,
        #"{"jsonrpc":"2.0","id":1,"result":1,"error":{"code":1,"message":"x"}}"#, #"{"jsonrpc":"2.0","id":{"a":1},"result":1}"#,
        #"{"jsonrpc":"2.0","method":"m","params":7}"#, #"{"jsonrpc":"2.0","method":"m","params":[1]}"#, #"{"jsonrpc":"1.0","method":"m"}"#,
        #"{"jsonrpc":"2.0","method":"a","method":"b"}"#, #"{"jsonrpc":"2.0","id":1}"#, #"{"jsonrpc":"2.0","result":{}}"#,
        #"[{"jsonrpc":"2.0","method":"m"}]"#, #"  "str"  "#, "{}", "[]", "", " ", "{", #"{"a":}"#, #"{"a" 1}"#, #"{"a":1,}"#,
        "[1,]", #"{"a":"\x"}"#, "{\"a\":\"\u{01}\"}", "\u{FEFF}{}", #"{"a":01}"#, #"{"a":1.}"#, #"{"a":tru}"#, "{} x",
        "{\"jsonrpc\":\"2.0\",\r\n\"id\":1,\n\"result\":\"ok\"}"
    ]

    @Test(arguments: messages)
    func skimAgreesWithDecode(_ text: String) {
        assertAgreement(Array(text.utf8))
    }

    @Test func invalidUTF8AndDeepNestingAgree() {
        assertAgreement([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D])
        assertAgreement([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D])
        assertAgreement(Array(("{\"a\":" + String(repeating: "[", count: 300) + String(repeating: "]", count: 300) + "}").utf8))
        assertAgreement(Array(("{\"a\":" + String(repeating: "[", count: 100_000)).utf8))
    }

    /// Mutations of valid messages: every byte changed, dropped or doubled, and random cuts.
    @Test func mutationsAgree() {
        var generator = SeededGenerator(seed: 14)
        let alphabet = Array(#"{}[]:,"\ -0123456789.eEtrufalsn\u"#.utf8) + [0x00, 0x0A, 0xC3, 0xA9, 0xFF]
        for text in Self.messages.prefix(5) {
            let base = Array(text.utf8)
            for position in base.indices {
                var changed = base
                changed[position] = alphabet.randomElement(using: &generator)!
                assertAgreement(changed)
                var dropped = base
                dropped.remove(at: position)
                assertAgreement(dropped)
            }
            for _ in 0..<200 { assertAgreement(Array(base.prefix(Int.random(in: 0...base.count, using: &generator)))) }
        }
    }

    @Test func membersSayWhereEachTopLevelValueLies() throws {
        let bytes = utf8(#" {"id" : 7 , "result":{"x":[1,"}"]},"e":[], "s":"a\"b"} "#)
        let members = try #require(try bytes.withUnsafeBytes { raw in try JSONSkim.members(raw) })
        let texts = members.map { "\($0.name)=" + String(decoding: bytes[$0.value], as: UTF8.self) }
        #expect(texts == ["id=7", #"result={"x":[1,"}"]}"#, "e=[]", #"s="a\"b""#])
        #expect(try utf8("[1]").withUnsafeBytes { raw in try JSONSkim.members(raw) } == nil)
    }

    @Test func aSkimmedMessageIsForwardedAsItCameAndParsedOnlyOnDemand() throws {
        let text = #"{"jsonrpc":"2.0","id":3,"result":{"protocolVersion":"2025-11-25","big":"x"}}"#
        let message = try JSONRPCMessage.skim(utf8(text))
        #expect(message.line == utf8(text))
        #expect(message.object["result"]?["protocolVersion"]?.stringValue == "2025-11-25")
    }

    func assertAgreement(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let full = Result { () throws(JSONRPCDecodeError) in try JSONRPCMessage.decode(bytes) }
        let skimmed = Result { () throws(JSONRPCDecodeError) in try JSONRPCMessage.skim(bytes) }
        switch (full, skimmed) {
        case (.success(let a), .success(let b)):
            #expect(a.kind == b.kind && a.line == b.line && a.object == b.object, "\(String(decoding: bytes, as: UTF8.self))", sourceLocation: sourceLocation)
        case (.failure(let a), .failure(let b)):
            #expect(a.code == b.code && a.message == b.message && a.id == b.id, "\(a.message) vs \(b.message)", sourceLocation: sourceLocation)
        default:
            Issue.record(
                "decode and skim disagree on \(String(decoding: bytes, as: UTF8.self).debugDescription): \(full) vs \(skimmed)", sourceLocation: sourceLocation)
        }
    }
}
