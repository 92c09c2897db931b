// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// JSON-RPC 2.0 §4–§5 and the MCP base protocol rules for one message.
@Suite struct JSONRPCMessageTests {
    @Test func decodesARequest() throws {
        let message = try JSONRPCMessage.decode(utf8(#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"x"}}"#))
        #expect(message.kind == .request(id: .number("7"), method: "tools/call"))
        #expect(message.method == "tools/call")
        #expect(message.id == .number("7"))
        #expect(message.params == ["name": .string("x")])
    }

    @Test func decodesARequestWithAStringIdAndNoParams() throws {
        let message = try JSONRPCMessage.decode(utf8(#"{"jsonrpc":"2.0","id":"abc","method":"ping"}"#))
        #expect(message.kind == .request(id: .string("abc"), method: "ping"))
        #expect(message.params == nil)
    }

    @Test func decodesANotification() throws {
        let message = try JSONRPCMessage.decode(utf8(#"{"method":"notifications/initialized","jsonrpc":"2.0"}"#))
        #expect(message.kind == .notification(method: "notifications/initialized"))
        #expect(message.id == nil)
    }

    @Test func acceptsArrayParams() throws {
        let message = try JSONRPCMessage.decode(utf8(#"{"jsonrpc":"2.0","method":"m","params":[1,2]}"#))
        #expect(message.kind == .notification(method: "m"))
        #expect(message.params == nil)  // not an object
        #expect(message.object["params"] == .array([.number("1"), .number("2")]))
    }

    @Test func decodesAResponseEvenWithANullResult() throws {
        let message = try JSONRPCMessage.decode(utf8(#"{"jsonrpc":"2.0","id":1,"result":null}"#))
        #expect(message.kind == .response(id: .number("1")))
        #expect(message.method == nil)
    }

    @Test func decodesAnErrorResponse() throws {
        let message = try JSONRPCMessage.decode(utf8(#"{"jsonrpc":"2.0","id":"r1","error":{"code":-32601,"message":"nope","data":{"x":1}}}"#))
        #expect(message.kind == .errorResponse(id: .string("r1")))
    }

    @Test func acceptsANullIdOnAnErrorResponse() throws {
        let message = try JSONRPCMessage.decode(utf8(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}"#))
        #expect(message.kind == .errorResponse(id: .null))
    }

    @Test(arguments: ["", "{", "not json", "{\"jsonrpc\":\"2.0\",}", "\u{FEFF}{}", "{} {}"])
    func nonJSONIsAParseError(_ text: String) {
        let error = decodeFailure(text)
        #expect(error?.code == JSONRPCError.parseError)
        #expect(error?.id == nil)
        #expect(error?.message.hasPrefix("parse error: invalid JSON at byte ") == true)
    }

    @Test func parseErrorMessageCarriesTheOffsetButNotTheContent() {
        let error = decodeFailure(#"{"jsonrpc":"2.0","id":1,"method":"secret"#)
        #expect(error?.message == "parse error: invalid JSON at byte 33: unterminated string")
        #expect(error?.description.contains("secret") == false)
    }

    @Test func aBatchIsRejectedAsUnsupported() {
        let error = decodeFailure(#"[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","method":"b"}]"#)
        #expect(error?.code == JSONRPCError.invalidRequest)
        #expect(error?.message.contains("batches are not supported") == true)
    }

    @Test(arguments: ["1", #""str""#, "null", "true", "[]"])
    func aNonObjectIsAnInvalidRequest(_ text: String) {
        #expect(decodeFailure(text)?.code == JSONRPCError.invalidRequest)
    }

    @Test(arguments: [
        // jsonrpc member
        #"{"id":1,"method":"m"}"#,
        #"{"jsonrpc":"1.0","id":1,"method":"m"}"#,
        #"{"jsonrpc":2.0,"id":1,"method":"m"}"#,
        #"{"jsonrpc":"2.0 ","id":1,"method":"m"}"#,
        #"{"jsonrpc":null,"id":1,"method":"m"}"#,
        #"{"jsonrpc":"2.0","jsonrpc":"2.1","id":1,"method":"m"}"#,
        // method member
        #"{"jsonrpc":"2.0","id":1,"method":5}"#,
        #"{"jsonrpc":"2.0","id":1,"method":null}"#,
        #"{"jsonrpc":"2.0","id":1,"method":["m"]}"#,
        // params member
        #"{"jsonrpc":"2.0","id":1,"method":"m","params":"x"}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"m","params":3}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"m","params":null}"#,
        // method together with result / error
        #"{"jsonrpc":"2.0","id":1,"method":"m","result":{}}"#,
        #"{"jsonrpc":"2.0","id":1,"method":"m","error":{"code":1,"message":"x"}}"#,
        // responses
        #"{"jsonrpc":"2.0","id":1}"#,
        #"{"jsonrpc":"2.0","result":{}}"#,
        #"{"jsonrpc":"2.0","id":1,"result":{},"error":{"code":1,"message":"x"}}"#,
        #"{"jsonrpc":"2.0","id":1,"error":"bad"}"#,
        #"{"jsonrpc":"2.0","id":1,"error":null}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"message":"x"}}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"code":"1","message":"x"}}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"code":1.5,"message":"x"}}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"code":1e3,"message":"x"}}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"code":1}}"#,
        #"{"jsonrpc":"2.0","id":1,"error":{"code":1,"message":7}}"#,
        #"{"jsonrpc":"2.0","error":{"code":1,"message":"x"}}"#,
        #"{}"#
    ])
    func structurallyWrongMessagesAreInvalidRequests(_ text: String) {
        #expect(decodeFailure(text)?.code == JSONRPCError.invalidRequest)
    }

    @Test(arguments: [
        #"{"jsonrpc":"2.0","id":null,"method":"m"}"#,
        #"{"jsonrpc":"2.0","id":true,"method":"m"}"#,
        #"{"jsonrpc":"2.0","id":{"a":1},"method":"m"}"#,
        #"{"jsonrpc":"2.0","id":[1],"method":"m"}"#,
        #"{"jsonrpc":"2.0","id":null,"result":{}}"#,
        #"{"jsonrpc":"2.0","id":false,"error":{"code":1,"message":"x"}}"#
    ])
    func idsThatAreNeitherStringsNorNumbersAreInvalid(_ text: String) {
        let error = decodeFailure(text)
        #expect(error?.code == JSONRPCError.invalidRequest)
        #expect(error?.id == nil)
    }

    @Test func theIdOfAnInvalidRequestIsRecovered() {
        #expect(decodeFailure(#"{"jsonrpc":"1.0","id":42,"method":"m"}"#)?.id == .number("42"))
        #expect(decodeFailure(#"{"jsonrpc":"2.0","id":"q-1","method":"m","params":"x"}"#)?.id == .string("q-1"))
        #expect(decodeFailure(#"{"jsonrpc":"2.0","id":1.5,"method":7}"#)?.id == .number("1.5"))
        #expect(decodeFailure(#"{"jsonrpc":"2.0","id":"x","result":1,"error":{}}"#)?.id == .string("x"))
    }

    @Test func invalidRequestMessagesDoNotEchoTheInput() {
        let error = decodeFailure(#"{"jsonrpc":"hunter2","id":1,"method":"m"}"#)
        #expect(error?.message.hasPrefix("invalid request: ") == true)
        #expect(error?.message.contains("hunter2") == false)
    }

    @Test func lineIsTheInputUnchangedWhenItHasNoLineBreaks() throws {
        let input = utf8("  {\"jsonrpc\" : \"2.0\",\t\"id\":1.50 ,\"result\":{\"t\":\"\\n\\r\"}}  ")
        #expect(try JSONRPCMessage.decode(input).line == input)
    }

    @Test func lineRemovesEveryCRAndLFFromAPrettyPrintedMessage() throws {
        let pretty = "{\r\n  \"jsonrpc\": \"2.0\",\r\n  \"id\": 1,\n  \"method\": \"m\",\r  \"params\": {\"text\": \"a\\nb\"}\n}\n"
        let message = try JSONRPCMessage.decode(utf8(pretty))
        let expected = "{  \"jsonrpc\": \"2.0\",  \"id\": 1,  \"method\": \"m\",  \"params\": {\"text\": \"a\\nb\"}}"
        #expect(message.line == utf8(expected))
        #expect(message.params?["text"] == .string("a\nb"))
        #expect(try JSONRPCMessage.decode(message.line).object == message.object)
    }

    @Test func lineOfADecodedMessageKeepsNonASCIIBytesAndNumberSpellings() throws {
        let input = utf8("{\"jsonrpc\":\"2.0\",\n\"id\":1E+2,\"result\":{\"v\":-0.0,\"s\":\"é😀\"}}\r\n")
        let message = try JSONRPCMessage.decode(input)
        #expect(message.line == input.filter { $0 != 0x0A && $0 != 0x0D })
        #expect(message.id == .number("1E+2"))
    }

    @Test func initFromAnObjectValidatesAndSerializesCompactly() throws {
        let object: JSONObject = ["jsonrpc": .string("2.0"), "id": .integer(3), "method": .string("a\nb")]
        let message = try JSONRPCMessage(object: object)
        #expect(message.kind == .request(id: .number("3"), method: "a\nb"))
        #expect(message.line == utf8(#"{"jsonrpc":"2.0","id":3,"method":"a\nb"}"#))
    }

    @Test func initFromAnInvalidObjectThrowsInvalidRequest() {
        let error = thrownError { () throws(JSONRPCDecodeError) in
            _ = try JSONRPCMessage(object: ["jsonrpc": .string("2.0"), "id": .null, "method": .string("m")])
        }
        #expect(error?.code == JSONRPCError.invalidRequest)
    }
}
