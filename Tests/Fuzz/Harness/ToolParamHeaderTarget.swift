// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import HTTPGrammar
import MCPFraming

@testable import MCPTransport

/// `x-mcp-header` (issue 16): a hostile server's `tools/list` page, then calls with its own
/// arguments. Whatever the schema and the values, every header mcp-warden builds is
/// `Mcp-Param-` + an HTTP token and a value that is a valid field value without CR or LF (RFC 9110
/// §5.5); a tool the registry dropped yields no header; recording the page twice is idempotent.
enum ToolParamHeaderTarget {
    static let target = FuzzTarget(name: "tool-param-headers", checks: "names are tokens, values safe field values; dropped tools send none") {
        bytes in
        guard let page = try? JSONParser.parse(bytes), let result = page.objectValue else { return }
        let registry = ToolHeaderRegistry()
        let outcome = registry.record(listResult: result)
        let again = registry.record(listResult: result)
        require(outcome?.dropped.count == again?.dropped.count, "recording the same page twice drops a different set")
        let dropped = Set(outcome?.dropped.map(\.tool) ?? [])
        for tool in result["tools"]?.arrayValue ?? [] {
            guard let name = tool["name"]?.stringValue else { continue }
            // The page's own `examples`/`default` values, or the schema itself, stand in for arguments.
            let arguments = tool["inputSchema"]?["default"] ?? tool["inputSchema"]
            let headers = registry.headers(tool: name, arguments: arguments)
            if dropped.contains(name) && name.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
                require(headers.isEmpty, "a dropped tool's call carries Mcp-Param headers")
            }
            for header in headers {
                require(header.name.hasPrefix("Mcp-Param-") && HTTPGrammar.isToken(header.name), "a header name is not a token")
                require(HTTPGrammar.isFieldValue(header.value), "a header value is not a field value")
                require(!header.value.utf8.contains(0x0D) && !header.value.utf8.contains(0x0A), "a header value holds CR or LF")
            }
        }
    }
}
