// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Tool-name globs (`--ignore-tool`, `--allow-tool`): a glob matches the whole name,
/// case-insensitively; `*` is any run, `?` one character.
public struct ToolGlobs: Sendable, Equatable {
    public let globs: [String]
    private let patterns: [[Unicode.Scalar]]

    public init(_ globs: [String]) {
        self.globs = globs
        self.patterns = globs.map { Array($0.lowercased().unicodeScalars) }
    }

    public var isEmpty: Bool { globs.isEmpty }

    /// True when one of the globs matches the whole `name`.
    public func match(_ name: String) -> Bool {
        let candidate = Array(name.lowercased().unicodeScalars)
        return patterns.contains { Self.match($0[...], candidate[...]) }
    }

    public static func == (lhs: ToolGlobs, rhs: ToolGlobs) -> Bool { lhs.globs == rhs.globs }

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
