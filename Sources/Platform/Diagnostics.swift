// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Human messages on stderr: `mcp-warden: <level>: <text>`, lowercase, no trailing period
/// (DESIGN.md "the terminal is an API"). stdout is never touched here (invariant 1).
/// Callers pass only text free of secrets: never header values, bodies or tokens (invariant 2).
public struct Diagnostics: Sendable {
    public let debugEnabled: Bool
    public let quiet: Bool

    public init(debugEnabled: Bool = false, quiet: Bool = false) {
        self.debugEnabled = debugEnabled
        self.quiet = quiet
    }

    public func debug(_ text: @autoclosure () -> String) {
        if debugEnabled { Self.emit("debug", text()) }
    }

    public func info(_ text: String) {
        if !quiet || debugEnabled { Self.emit("info", text) }
    }

    public func warning(_ text: String) {
        if !quiet || debugEnabled { Self.emit("warning", text) }
    }

    public func error(_ text: String, hint: String? = nil) {
        Self.emit("error", text)
        if let hint { Self.emit("hint", hint) }
    }

    /// One `write(2)` per message so lines from several threads never interleave.
    public static func emit(_ level: String, _ text: String) {
        // One line, no control or hidden characters, no secret from a URL's query, whatever a
        // server put in its error text (`VisibleText`, the one sanitizer).
        write("mcp-warden: \(level): " + VisibleText.sanitized(text) + "\n")
    }

    /// A question on the terminal (`mcp-warden: <question> `), the answer to be typed on the same
    /// line; `endPrompt()` ends the line once it is read.
    public static func prompt(_ question: String) {
        write("mcp-warden: " + VisibleText.sanitized(question) + " ")
    }

    public static func endPrompt() {
        write("\n")
    }

    /// The only place that writes to stderr (fd 2): nothing reaches it unsanitized.
    private static func write(_ line: String) {
        try? Syscall.writeAll(2, Array(line.utf8))
    }
}
