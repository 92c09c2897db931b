// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// Hidden text in one top-level field of a tool (`description`, `inputSchema`, …): how many hidden
/// characters its strings and member names hold, and the first such string, escaped.
public struct HiddenTextFinding: Sendable, Equatable {
    public let field: String
    public let count: Int
    /// The first string holding hidden text, with each hidden character as `\u{XXXX}`, cut to
    /// `excerptLimit` characters.
    public let excerpt: String
    /// What its Unicode tag characters spell, if it holds any (cut likewise).
    public let tagText: String?

    static let excerptLimit = 160

    /// The findings of a tool object, one per field that holds hidden text (in member order).
    static func scan(_ tool: JSONObject) -> [HiddenTextFinding] {
        var findings: [HiddenTextFinding] = []
        for member in tool.members {
            var count = 0
            var first: String? = nil
            visitStrings(.string(member.key)) { text in
                guard !HiddenText.isClean(text) else { return }
                count += HiddenText.count(in: text)
                if first == nil { first = text }
            }
            visitStrings(member.value) { text in
                guard !HiddenText.isClean(text) else { return }
                count += HiddenText.count(in: text)
                if first == nil { first = text }
            }
            guard let first, count > 0 else { continue }
            findings.append(
                HiddenTextFinding(
                    field: HiddenText.escaped(String(member.key.prefix(40))), count: count, excerpt: cut(HiddenText.escaped(first)),
                    tagText: HiddenText.tagText(first).map(cut)))
        }
        return findings
    }

    static func cut(_ text: String) -> String {
        text.count > excerptLimit ? String(text.prefix(excerptLimit)) + "…" : text
    }

    /// Calls `body` with every string and member name in `value` (depth-first).
    static func visitStrings(_ value: JSONValue, _ body: (String) -> Void) {
        switch value {
        case .string(let text): body(text)
        case .array(let items): for item in items { visitStrings(item, body) }
        case .object(let object):
            for member in object.members {
                body(member.key)
                visitStrings(member.value, body)
            }
        case .null, .bool, .number: break
        }
    }
}
