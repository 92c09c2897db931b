// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import Testing

@testable import MCPTransport

/// How a handshake-era editor's messages are written in the 2026-07-28 era (changelog major
/// changes 2–5; versioning "Backward Compatibility"; discover.mdx).
struct ProtocolEraTests {
    static func object(_ text: String) -> JSONObject {
        (try? JSONParser.parse(Array(text.utf8)))?.objectValue ?? JSONObject()
    }

    static let initialize = object(
        #"{"protocolVersion":"2025-06-18","capabilities":{"elicitation":{}},"clientInfo":{"name":"Editor","version":"9"}}"#)

    @Test func statelessParamsKeepTheEditorsMetaAndAddTheProtocolFields() {
        let params = ProtocolEra.statelessParams(
            Self.object(#"{"name":"echo","_meta":{"progressToken":7}}"#), initialize: Self.initialize, logLevel: .string("debug"))
        let meta = params["_meta"]
        #expect(meta?["progressToken"] == .number("7"))
        #expect(meta?["io.modelcontextprotocol/protocolVersion"] == .string("2026-07-28"))
        #expect(meta?["io.modelcontextprotocol/clientCapabilities"] == .object(Self.object(#"{"elicitation":{}}"#)))
        #expect(meta?["io.modelcontextprotocol/clientInfo"]?["name"] == .string("Editor"))
        #expect(meta?["io.modelcontextprotocol/logLevel"] == .string("debug"))
        #expect(params["name"] == .string("echo"))
    }

    /// The editor's `_meta` cannot smuggle another version in, and capabilities are always an object.
    @Test func theEditorCannotOverrideTheVersionAndHostileInitializeFieldsAreReplaced() {
        let params = ProtocolEra.statelessParams(
            Self.object(#"{"_meta":{"io.modelcontextprotocol/protocolVersion":"1999-01-01"}}"#),
            initialize: Self.object(#"{"capabilities":"nope","clientInfo":7}"#), logLevel: nil)
        #expect(params["_meta"]?["io.modelcontextprotocol/protocolVersion"] == .string("2026-07-28"))
        #expect(params["_meta"]?["io.modelcontextprotocol/clientCapabilities"] == .object(JSONObject()))
        #expect(params["_meta"]?["io.modelcontextprotocol/clientInfo"] == nil)
        #expect(ProtocolEra.statelessParams(nil, initialize: nil, logLevel: nil)["_meta"]?["io.modelcontextprotocol/protocolVersion"] != nil)
    }

    @Test func theInitializeResultComesFromDiscovery() {
        let discovered = Self.object(
            #"{"supportedVersions":["2026-07-28"],"capabilities":{"tools":{"listChanged":true},"resources":{"subscribe":true,"listChanged":true},"logging":{}},"#
                + #""instructions":"Use me.","_meta":{"io.modelcontextprotocol/serverInfo":{"name":"S","version":"2"}}}"#)
        let result = ProtocolEra.initializeResult(discovered: discovered, editorVersion: "2025-06-18", fallbackName: "host")
        #expect(result["protocolVersion"] == .string("2025-06-18"))
        #expect(result["capabilities"]?["tools"]?["listChanged"] == .bool(true))
        #expect(result["capabilities"]?["resources"]?["subscribe"] == .bool(true))
        #expect(result["capabilities"]?["logging"] == .object(JSONObject()))
        #expect(result["serverInfo"]?["name"] == .string("S"))
        #expect(result["instructions"] == .string("Use me."))
    }

    @Test(arguments: [("2099-01-01", "2025-11-25"), ("2024-11-05", "2024-11-05"), ("", "2025-11-25")])
    func anUnknownEditorVersionGetsTheNewestHandshakeVersion(asked: String, answered: String) {
        let result = ProtocolEra.initializeResult(discovered: JSONObject(), editorVersion: asked, fallbackName: "example.com")
        #expect(result["protocolVersion"] == .string(answered))
        #expect(result["serverInfo"]?["name"] == .string("example.com"))
        #expect(result["capabilities"] == .object(JSONObject()))
    }

    /// The listen stream asks for exactly the change notifications the server advertises.
    @Test func theListenFilterFollowsTheAdvertisedCapabilities() {
        let filter = ProtocolEra.listenFilter(
            capabilities: Self.object(#"{"tools":{"listChanged":true},"prompts":{"listChanged":false},"resources":{"listChanged":"yes"}}"#))
        #expect(filter == ["toolsListChanged": .bool(true)])
        #expect(ProtocolEra.listenFilter(capabilities: nil).isEmpty)
    }

    static func refusal(_ status: Int, code: Int?) -> TransportError {
        TransportError(
            code: .httpStatus, message: "refused", status: status,
            serverError: code.map { .object(["code": .integer($0), "message": .string("x")]) })
    }

    /// Only a recognised modern error marks a server of 2026-07-28 (SHTTP 2026-07-28 "Backward Compatibility").
    @Test func aRefusedHandshakeIsModernOnlyWithARecognisedError() {
        #expect(ProtocolEra.refusesHandshake(Self.refusal(400, code: -32022)))
        #expect(ProtocolEra.refusesHandshake(Self.refusal(400, code: -32020)))
        #expect(ProtocolEra.refusesHandshake(Self.refusal(404, code: -32601)))
        #expect(!ProtocolEra.refusesHandshake(Self.refusal(400, code: nil)))
        #expect(!ProtocolEra.refusesHandshake(Self.refusal(400, code: -32600)))
        #expect(!ProtocolEra.refusesHandshake(Self.refusal(404, code: nil)))
        #expect(!ProtocolEra.refusesHandshake(Self.refusal(401, code: -32022)))
        #expect(!ProtocolEra.refusesHandshake(TransportError(code: .unreachable, message: "x")))
    }
}
