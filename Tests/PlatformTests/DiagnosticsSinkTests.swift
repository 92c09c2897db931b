// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Platform
import Testing

/// DESIGN.md "the terminal is an API" and invariant 2: one sink writes to stderr, and everything
/// it writes went through `VisibleText`.
@Suite(.serialized) struct DiagnosticsSinkTests {
    /// What `body` wrote to fd 2 (stderr is a pipe meanwhile).
    func capturingStandardError(_ body: () -> Void) throws -> String {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        let saved = dup(2)
        dup2(fds[1], 2)
        body()
        dup2(saved, 2)
        Syscall.close(saved)
        Syscall.close(fds[1])
        var output: [UInt8] = []
        while let line = Syscall.readLine(fds[0], limit: 1 << 16) { output += line }
        Syscall.close(fds[0])
        return String(decoding: output, as: UTF8.self)
    }

    @Test func messagesAreOneSanitizedLineEach() throws {
        let written = try capturingStandardError {
            Diagnostics().error("bad\u{1B}[2J answer\nfrom https://h.example/?access_token=SECRET", hint: "retry\u{202E}")
        }
        #expect(written.contains("mcp-warden: error: bad?[2J answer from https://h.example/?access_token=<redacted>\n"))
        #expect(written.contains("mcp-warden: hint: retry?\n"))
        #expect(!written.contains("SECRET") && !written.contains("\u{1B}"))
    }

    @Test func promptsAreSanitizedToo() throws {
        let written = try capturingStandardError {
            Diagnostics.prompt("passphrase\u{7}:")
            Diagnostics.endPrompt()
        }
        #expect(written.contains("mcp-warden: passphrase?: \n"))
    }

    /// Only `Diagnostics` writes to fd 2: any other writer in the product code would bypass the
    /// sanitizer. (stdout belongs to JSON-RPC and to the commands' own reports.)
    @Test func noOtherProductCodeWritesToStandardError() throws {
        let sources = Repository.root + "/Sources"
        let offenders = try SourceScan.lines(under: sources) { path, line in
            !path.hasSuffix("Platform/Diagnostics.swift")
                && ["write(2,", "write(2 ,", "STDERR_FILENO", "fputs(", "fprintf(stderr", "standardError", "to: &stderr"].contains { line.contains($0) }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}

enum Repository {
    /// The repository root, from this file's path (Tests/PlatformTests/…).
    static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()
}

enum SourceScan {
    /// `path: line` for every code line (comments skipped) of the .swift and .c files under
    /// `directory` that `matches`.
    static func lines(under directory: String, _ matches: (String, String) -> Bool) throws -> [String] {
        var found: [String] = []
        for path in try files(under: directory) where path.hasSuffix(".swift") || path.hasSuffix(".c") {
            let text = try FileBytes.read(path, limit: 1 << 20)
            for line in String(decoding: text, as: UTF8.self).split(separator: "\n") {
                let code = line.drop { $0 == " " }
                if code.hasPrefix("//") || code.hasPrefix("*") || code.hasPrefix("/*") { continue }
                if matches(path, String(code)) { found.append("\(path): \(code)") }
            }
        }
        return found
    }

    static func files(under directory: String) throws -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var result: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name == "." || name == ".." { continue }
            let path = directory + "/" + name
            if entry.pointee.d_type == UInt8(DT_DIR) { result += try files(under: path) } else { result.append(path) }
        }
        return result
    }
}
