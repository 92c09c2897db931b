// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// A unified diff (one hunk around the changed lines, two lines of context) of a file before and
/// after an edit: what `--dry-run` prints. Edits change one region per entry, so the lines from
/// the first to the last difference make the hunk.
public enum LineDiff {
    public static func unified(_ old: [UInt8], _ new: [UInt8], name: String, context: Int = 2) -> String {
        let before = lines(old)
        let after = lines(new)
        guard before != after else { return "" }
        var prefix = 0
        while prefix < before.count, prefix < after.count, before[prefix] == after[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < before.count - prefix, suffix < after.count - prefix, before[before.count - 1 - suffix] == after[after.count - 1 - suffix] {
            suffix += 1
        }
        let start = max(0, prefix - context)
        let oldEnd = min(before.count, before.count - suffix + context)
        let newEnd = min(after.count, after.count - suffix + context)
        var output = ["--- \(name)", "+++ \(name) (after)", "@@ -\(start + 1),\(oldEnd - start) +\(start + 1),\(newEnd - start) @@"]
        for index in start..<prefix { output.append(" " + before[index]) }
        for index in prefix..<(before.count - suffix) { output.append("-" + before[index]) }
        for index in prefix..<(after.count - suffix) { output.append("+" + after[index]) }
        for index in (before.count - suffix)..<oldEnd { output.append(" " + before[index]) }
        return output.joined(separator: "\n") + "\n"
    }

    static func lines(_ bytes: [UInt8]) -> [String] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    }
}
