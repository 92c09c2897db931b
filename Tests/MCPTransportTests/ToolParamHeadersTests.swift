// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import Testing

@testable import MCPTransport

/// `x-mcp-header` (MCP 2026-07-28 Streamable HTTP "Custom Headers from Tool Parameters"): what is
/// mirrored, how it is encoded, and which tool definitions a client must reject.
struct ToolParamHeadersTests {
    static func json(_ text: String) -> JSONValue {
        (try? JSONParser.parse(Array(text.utf8))) ?? .null
    }

    static func headers(_ schema: String) throws -> ToolParamHeaders {
        try ToolParamHeaders(inputSchema: json(schema))
    }

    @Test func annotatedArgumentsBecomeHeadersAndAbsentOrNullOnesAreOmitted() throws {
        let tool = try Self.headers(
            #"{"type":"object","properties":{"region":{"type":"string","x-mcp-header":"Region"},"n":{"type":"integer","x-mcp-header":"N"},"#
                + #""dry":{"type":"boolean","x-mcp-header":"Dry"},"q":{"type":"string"}}}"#)
        let sent = tool.headers(arguments: Self.json(#"{"region":"us-west1","n":-7,"dry":false,"q":"x"}"#))
        #expect(sent.map(\.name) == ["Mcp-Param-Region", "Mcp-Param-N", "Mcp-Param-Dry"])
        #expect(sent.map(\.value) == ["us-west1", "-7", "false"])
        #expect(tool.headers(arguments: Self.json(#"{"region":null,"q":"x"}"#)).isEmpty)
        #expect(tool.headers(arguments: nil).isEmpty)
    }

    @Test func nestedPropertiesAreReachableAndReadAtTheirExactPath() throws {
        let tool = try Self.headers(
            #"{"type":"object","properties":{"target":{"type":"object","properties":{"tenant":{"type":"string","x-mcp-header":"Tenant"}}}}}"#)
        #expect(tool.parameters == [.init(path: ["target", "tenant"], name: "Tenant")])
        #expect(tool.headers(arguments: Self.json(#"{"target":{"tenant":"acme"}}"#)).map(\.value) == ["acme"])
        #expect(tool.headers(arguments: Self.json(#"{"tenant":"acme"}"#)).isEmpty)
    }

    /// Values that are not header-safe go as `=?base64?…?=` (non-ASCII, controls, edge spaces, a
    /// value that looks like the sentinel itself); a CR or LF can never reach a header.
    @Test(arguments: [
        ("Zürich", "=?base64?WsO8cmljaA==?="), (" lead", "=?base64?IGxlYWQ=?="), ("a\r\nX-Evil: 1", "=?base64?YQ0KWC1FdmlsOiAx?="),
        ("=?base64?x?=", "=?base64?PT9iYXNlNjQ/eD89?="), ("", "=?base64??=")
    ])
    func unsafeValuesAreEncoded(value: String, expected: String) throws {
        let tool = try Self.headers(#"{"type":"object","properties":{"v":{"type":"string","x-mcp-header":"V"}}}"#)
        let sent = tool.headers(arguments: .object(["v": .string(value)]))
        #expect(sent.map(\.value) == [expected])
        #expect(!sent[0].value.utf8.contains(0x0A) && !sent[0].value.utf8.contains(0x0D))
    }

    @Test(arguments: [
        #"{"type":"object","properties":{"a":{"type":"string","x-mcp-header":"Bad Name"}}}"#,
        #"{"type":"object","properties":{"a":{"type":"string","x-mcp-header":""}}}"#,
        #"{"type":"object","properties":{"a":{"type":"string","x-mcp-header":"X\r\nY"}}}"#,
        #"{"type":"object","properties":{"a":{"type":"string","x-mcp-header":42}}}"#,
        #"{"type":"object","properties":{"a":{"type":"string","x-mcp-header":"Dup"},"b":{"type":"string","x-mcp-header":"dup"}}}"#,
        #"{"type":"object","properties":{"a":{"type":"number","x-mcp-header":"A"}}}"#,
        #"{"type":"object","properties":{"a":{"type":"object","x-mcp-header":"A"}}}"#,
        #"{"type":"object","properties":{"a":{"x-mcp-header":"A"}}}"#,
        #"{"type":"object","properties":{"a":{"type":"array","items":{"type":"string","x-mcp-header":"A"}}}}"#,
        #"{"type":"object","oneOf":[{"properties":{"a":{"type":"string","x-mcp-header":"A"}}}]}"#,
        #"{"type":"object","$defs":{"d":{"type":"string","x-mcp-header":"A"}}}"#,
        #"{"type":"string","x-mcp-header":"Root"}"#
    ])
    func invalidAnnotationsRejectTheTool(schema: String) {
        #expect(throws: ToolParamHeaders.Invalid.self) { try Self.headers(schema) }
    }

    @Test func annotationsInsideDataAreNotSchemaAndAToolWithoutAnyIsValid() throws {
        #expect(try Self.headers(#"{"type":"object","properties":{"a":{"type":"object","default":{"x-mcp-header":"A"}}}}"#).parameters.isEmpty)
        #expect(try ToolParamHeaders(inputSchema: nil).parameters.isEmpty)
        #expect(try Self.headers(#"{"type":"object"}"#).parameters.isEmpty)
    }

    /// A hostile schema nested far deeper than any real one costs bounded work and is not trusted.
    @Test func aVeryDeepSchemaIsBounded() throws {
        var schema = #"{"type":"string","x-mcp-header":"Deep"}"#
        for _ in 0..<200 { schema = #"{"type":"object","properties":{"p":"# + schema + "}}" }
        let parsed = try JSONParser.parse(Array(schema.utf8), maxDepth: 1000)
        #expect(try ToolParamHeaders(inputSchema: parsed).parameters.isEmpty)
    }

    @Test func theRegistryDropsInvalidToolsAndRemembersTheRest() throws {
        let registry = ToolHeaderRegistry()
        let page = try #require(
            Self.json(
                #"{"tools":[{"name":"ok","inputSchema":{"type":"object","properties":{"r":{"type":"string","x-mcp-header":"R"}}}},"#
                    + #"{"name":"bad","inputSchema":{"type":"object","properties":{"r":{"type":"number","x-mcp-header":"R"}}}}],"nextCursor":"c2"}"#
            ).objectValue)
        let outcome = try #require(registry.record(listResult: page))
        #expect(outcome.dropped.map(\.tool) == ["bad"])
        #expect(outcome.kept["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["ok"])
        #expect(outcome.kept["nextCursor"]?.stringValue == "c2")
        #expect(registry.headers(tool: "ok", arguments: .object(["r": .string("x")])).map(\.name) == ["Mcp-Param-R"])
        #expect(registry.headers(tool: "bad", arguments: .object(["r": .number("1")])).isEmpty)
        #expect(registry.record(listResult: ["tools": .array([])]) == nil)
    }
}
