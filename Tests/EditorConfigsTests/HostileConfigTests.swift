// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import EditorConfigs
import Testing

/// Hostile bytes: a file that is not what an editor would write is refused with a line and a
/// reason (never its text), and never crashes or recurses without bound.
struct HostileConfigTests {
    @Test func jsoncCommentsAndTrailingCommasAreRead() throws {
        let text = "// head\n{ /* a */ \"mcpServers\": { \"x\": { \"command\": \"a\", \"args\": [\"b\",], }, }, }\n"
        let value = try JSONCReader.parse(Array(text.utf8))
        #expect(value["mcpServers"]?["x"]?["args"]?.strings == ["b"])
    }

    @Test(arguments: [
        "{\"a\": 1", "{\"a\" 1}", "{'a': 1}", "{\"a\": tru}", "[1 2]", "{\"a\": \"\\x\"}", "/* open", "{\"a\": 01x}", "{} {}", "{\"a\": \"line\nbreak\"}"
    ])
    func malformedJSONIsRefusedWithALine(text: String) {
        #expect(throws: ConfigParseError.self) { try JSONCReader.parse(Array(text.utf8)) }
    }

    @Test func deepNestingIsRefusedNotRecursedInto() {
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: ConfigParseError.self) { try JSONCReader.parse(deep) }
        let toml = Array("a = ".utf8) + Array(repeating: UInt8(ascii: "["), count: 100_000)
        #expect(throws: ConfigParseError.self) { try TOMLReader.parse(toml) }
    }

    @Test func invalidUTF8IsRefusedAndTheErrorHoldsNoText() throws {
        let bytes: [UInt8] = Array("{\"k\": \"ghp_secret".utf8) + [0xC3, 0x28] + Array("\"}".utf8)
        do {
            _ = try JSONCReader.parse(bytes)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.reason == "not UTF-8")
            #expect(!error.description.contains("ghp_"))
        }
        #expect(throws: ConfigParseError.self) { try TOMLReader.parse([0x61, 0x3D, 0x22, 0xFF, 0x22]) }
        #expect(throws: ConfigParseError.self) { try JSONCReader.parse([0xED, 0xA0, 0x80]) }  // an encoded surrogate
    }

    @Test func aHugeConfigIsParsedInBoundedTime() throws {
        var text = "{\"mcpServers\": {"
        for index in 0..<20_000 { text += "\"s\(index)\": {\"command\": \"x\", \"args\": [\"a\", \"b\"]}," }
        text += "\"last\": {\"command\": \"y\"}}}"
        let file = EditorConfigFile(client: .cursor, scope: .user, path: "/x", format: .jsonc, containers: [["mcpServers"]], source: "test")
        #expect(try ParsedConfig.parse(Array(text.utf8), as: file).entries.count == 20_001)
    }

    @Test(arguments: ["[a\n[a]\n", "a = 1\na = 2\n", "a = \"open\n", "[t\n", "a = b\n", "a.b = 1\na = 2\n", "a = [1,\n"])
    func malformedTOMLIsRefused(text: String) {
        #expect(throws: ConfigParseError.self) { try TOMLReader.parse(Array(text.utf8)) }
    }

    @Test func tomlStringsDecodeAsTOMLSays() throws {
        let text = "a = \"tab\\there \\u00e9\"\nb = 'C:\\raw'\nc = \"\"\"\nline \\\n   joined\"\"\"\n[\"quoted key\".x]\nd = [ 1, # c\n 2, ]\n"
        let document = try TOMLReader.parse(Array(text.utf8))
        #expect(document.root["a"]?.string == "tab\there é")
        #expect(document.root["b"]?.string == "C:\\raw")
        #expect(document.root["c"]?.string == "line joined")
        #expect(document.root["quoted key"]?["x"]?["d"]?.elements?.count == 2)
    }
}
