// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Which tools the editor may see and call, whatever the server says (`--ignore-tool`,
/// `--allow-tool`, `--read-only`, and the same settings of a user endpoint in `endpoints.json`).
///
/// Settings from several places narrow, never widen: a tool must match every allow-list given
/// (the command line's and the endpoint's), must match no ignore glob (deny wins), and with
/// read-only from either place must say `readOnlyHint: true`.
public struct ToolPolicy: Sendable, Equatable {
    /// An allow-list and where it was given, for the refusal's wording.
    public struct AllowList: Sendable, Equatable {
        public let globs: ToolGlobs
        public let source: String

        public init(_ globs: [String], source: String) {
            self.globs = ToolGlobs(globs)
            self.source = source
        }
    }

    public var ignored: ToolGlobs
    public var allowLists: [AllowList]
    /// Where read-only was asked for (`--read-only`, `endpoints.json`); nil: off.
    public var readOnly: String?

    public init(ignored: [String] = [], allowLists: [AllowList] = [], readOnly: String? = nil) {
        self.ignored = ToolGlobs(ignored)
        self.allowLists = allowLists.filter { !$0.globs.isEmpty }
        self.readOnly = readOnly
    }

    /// True when nothing is filtered by name or annotations.
    public var isEmpty: Bool { ignored.isEmpty && allowLists.isEmpty && readOnly == nil }

    /// Why the tool is hidden, or nil when the policy lets it through. `readOnlyHint` is the
    /// tool's annotation when it is known (nil: no annotations, or not listed in this session).
    /// MCP 2025-06-18 "Tool annotations": hints are not guaranteed to be faithful, which is why
    /// read-only mode trusts only an explicit `true`, and pins keep a server from flipping one.
    public func refusal(name: String, readOnlyHint: Bool?) -> String? {
        if ignored.match(name) { return "hidden by --ignore-tool" }
        if let list = allowLists.first(where: { !$0.globs.match(name) }) { return "not matched by \(list.source)" }
        if let readOnly, readOnlyHint != true {
            return "\(readOnly): its annotations do not say readOnlyHint: true"
        }
        return nil
    }
}
