import MCPFraming
import Testing

@testable import Bridge

/// `--ignore-tool GLOB` (mcp-remote's flag): whole-name, case-insensitive globs.
struct ToolFilterTests {
    @Test(arguments: [
        ("ad*", "add", true), ("ad*", "ADD", true), ("ad*", "read_add", false), ("*_write", "file_write", true),
        ("?dd", "add", true), ("?dd", "addd", false), ("*", "anything", true), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
        ("delete_*", "delete_", true), ("", "", true), ("", "x", false)
    ])
    func globsMatchWholeNames(glob: String, name: String, hidden: Bool) {
        #expect(ToolFilter(globs: [glob]).hides(name) == hidden)
    }

    @Test func pathologicalGlobsStayFast() {
        let glob = String(repeating: "*a", count: 40) + "b"
        let name = String(repeating: "a", count: 5000)
        #expect(!ToolFilter(globs: [glob]).hides(name))
    }

    @Test func toolsListResultsLoseOnlyHiddenTools() throws {
        let line = Array(#"{"jsonrpc":"2.0","id":7,"result":{"tools":[{"name":"add"},{"name":"echo","x":1.50},{"name":"Admin"}],"nextCursor":"c"}}"#.utf8)
        let filtered = ToolFilter(globs: ["ad*"]).filterToolsList(try JSONRPCMessage.decode(line))
        let names = filtered.object["result"]?["tools"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["echo"])
        #expect(filtered.object["result"]?["nextCursor"]?.stringValue == "c")
        #expect(String(decoding: filtered.line, as: UTF8.self).contains("1.50"))
        #expect(filtered.id == .number("7"))
    }

    @Test func otherMessagesPassUnchanged() throws {
        let line = Array(#"{"jsonrpc":"2.0","id":1,"result":{"content":[{"type":"text","text":"add"}]}}"#.utf8)
        let message = try JSONRPCMessage.decode(line)
        #expect(ToolFilter(globs: ["ad*"]).filterToolsList(message).line == line)
    }
}
