// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import Testing

@testable import ToolGuard

/// `--ignore-tool GLOB` (mcp-remote's flag), `--allow-tool GLOB`, `--read-only`.
struct ToolPolicyTests {
    @Test(arguments: [
        ("ad*", "add", true), ("ad*", "ADD", true), ("ad*", "read_add", false), ("*_write", "file_write", true),
        ("?dd", "add", true), ("?dd", "addd", false), ("*", "anything", true), ("a*b*c", "aXbYc", true), ("a*b*c", "aXbY", false),
        ("delete_*", "delete_", true), ("", "", true), ("", "x", false)
    ])
    func globsMatchWholeNames(glob: String, name: String, hidden: Bool) {
        #expect(ToolGlobs([glob]).match(name) == hidden)
    }

    @Test func pathologicalGlobsStayFast() {
        let glob = String(repeating: "*a", count: 40) + "b"
        let name = String(repeating: "a", count: 5000)
        #expect(!ToolGlobs([glob]).match(name))
    }

    @Test func denyWinsOverAllow() {
        let policy = ToolPolicy(ignored: ["delete_*"], allowLists: [.init(["delete_*", "echo"], source: "--allow-tool")])
        #expect(policy.refusal(name: "delete_all", readOnlyHint: true) == "hidden by --ignore-tool")
        #expect(policy.refusal(name: "echo", readOnlyHint: nil) == nil)
        #expect(policy.refusal(name: "add", readOnlyHint: nil) == "not matched by --allow-tool")
    }

    @Test func everyAllowListMustMatch() {
        let policy = ToolPolicy(allowLists: [.init(["e*", "a*"], source: "--allow-tool"), .init(["echo"], source: "the allow-list of endpoint x")])
        #expect(policy.refusal(name: "echo", readOnlyHint: nil) == nil)
        #expect(policy.refusal(name: "add", readOnlyHint: nil) == "not matched by the allow-list of endpoint x")
        #expect(ToolPolicy(allowLists: [.init([], source: "--allow-tool")]).isEmpty, "an empty allow-list allows everything")
    }

    /// MCP 2025-06-18 "Tool annotations": hints may be absent; read-only mode trusts only `true`.
    @Test(arguments: [(Bool?.some(true), true), (.some(false), false), (.none, false)])
    func readOnlyNeedsAnExplicitHint(hint: Bool?, visible: Bool) {
        let policy = ToolPolicy(readOnly: "--read-only")
        #expect((policy.refusal(name: "x", readOnlyHint: hint) == nil) == visible)
    }
}
