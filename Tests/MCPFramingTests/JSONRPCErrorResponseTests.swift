// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import MCPFraming

/// JSON-RPC 2.0 §5.1 error responses built by `JSONRPCError.response`.
@Suite struct JSONRPCErrorResponseTests {
    @Test func predefinedCodesMatchTheSpecification() {
        #expect(JSONRPCError.parseError == -32700)
        #expect(JSONRPCError.invalidRequest == -32600)
        #expect(JSONRPCError.methodNotFound == -32601)
        #expect(JSONRPCError.invalidParams == -32602)
        #expect(JSONRPCError.internalError == -32603)
    }

    @Test func writesTheExactCompactForm() {
        let bytes = JSONRPCError.response(id: .number("5"), code: -32601, message: "method not found")
        #expect(bytes == utf8(#"{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"method not found"}}"#))
    }

    @Test func aMissingIdIsWrittenAsNull() throws {
        let bytes = JSONRPCError.response(id: nil, code: JSONRPCError.parseError, message: "parse error")
        let message = try JSONRPCMessage.decode(bytes)
        #expect(message.kind == .errorResponse(id: .null))
    }

    @Test(arguments: [JSONValue.bool(true), .object([:]), .array([]), .null])
    func anIdThatIsNotAStringOrNumberIsWrittenAsNull(_ id: JSONValue) throws {
        let bytes = JSONRPCError.response(id: id, code: -32600, message: "x")
        #expect(try JSONParser.parse(bytes)["id"] == .null)
    }

    @Test func outputParsesBackAsAValidErrorResponseWithData() throws {
        let data: JSONValue = .object(["detail": .string("line1\nline2\r\"quoted\"")])
        let bytes = JSONRPCError.response(id: .string("a\"b"), code: -32602, message: "bad\nparams", data: data)
        #expect(!bytes.contains(0x0A) && !bytes.contains(0x0D))
        let message = try JSONRPCMessage.decode(bytes)
        #expect(message.kind == .errorResponse(id: .string("a\"b")))
        let error = message.object["error"]
        #expect(error?["code"]?.intValue == -32602)
        #expect(error?["message"] == .string("bad\nparams"))
        #expect(error?["data"] == data)
    }

    @Test func aDecodeErrorTurnsIntoAResponseCarryingTheRecoveredId() throws {
        let failure = try #require(decodeFailure(#"{"jsonrpc":"2.0","id":"req-9","method":"m","params":1}"#))
        let response = try JSONRPCMessage.decode(failure.errorResponse())
        #expect(response.kind == .errorResponse(id: .string("req-9")))
        #expect(response.object["error"]?["code"]?.intValue == -32600)
    }
}
