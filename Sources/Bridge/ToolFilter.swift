import MCPFraming

/// `--ignore-tool GLOB`: hidden tools are removed from `tools/list` results and calls to them are
/// refused. Globs match the whole name, case-insensitively; `*` is any run, `?` one character.
public struct ToolFilter: Sendable {
    public let globs: [String]

    public init(globs: [String]) {
        self.globs = globs.map { $0.lowercased() }
    }

    public var isEmpty: Bool { globs.isEmpty }

    public func hides(_ name: String) -> Bool {
        let candidate = Array(name.lowercased().unicodeScalars)
        return globs.contains { Self.match(Array($0.unicodeScalars)[...], candidate[...]) }
    }

    /// A `tools/list` result without the hidden tools; other messages come back unchanged.
    public func filterToolsList(_ message: JSONRPCMessage) -> JSONRPCMessage {
        // A skimmed message parses its object on each read: once here.
        guard !isEmpty, case .response = message.kind else { return message }
        var object = message.object
        guard var result = object["result"]?.objectValue, let tools = result["tools"]?.arrayValue else { return message }
        let kept = tools.filter { tool in
            guard let name = tool["name"]?.stringValue else { return true }
            return !hides(name)
        }
        guard kept.count != tools.count else { return message }
        result["tools"] = .array(kept)
        object["result"] = .object(result)
        return (try? JSONRPCMessage(object: object)) ?? message
    }

    /// Iterative glob match with backtracking to the last `*` (linear in practice, no recursion).
    static func match(_ pattern: ArraySlice<Unicode.Scalar>, _ text: ArraySlice<Unicode.Scalar>) -> Bool {
        var p = pattern.startIndex, t = text.startIndex
        var star: Int? = nil, resume = text.startIndex
        while t < text.endIndex {
            if p < pattern.endIndex, pattern[p] == "?" || pattern[p] == text[t] {
                p += 1; t += 1
            } else if p < pattern.endIndex, pattern[p] == "*" {
                star = p; resume = t; p += 1
            } else if let s = star {
                p = s + 1; resume += 1; t = resume
            } else {
                return false
            }
        }
        while p < pattern.endIndex, pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }
}
