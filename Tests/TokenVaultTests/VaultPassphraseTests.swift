// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import TokenVault

/// The vault passphrase's sources (issue 13 item 8, DESIGN.md invariant 12): a file obeys the
/// vault's file rules (invariant 7), and the variable does not stay readable in the environment.
@Suite struct VaultPassphraseTests {
    @Test(
        "a passphrase file loses one trailing newline, LF or CRLF, and nothing else",
        arguments: [
            ("pass\n", "pass"), ("pass\r\n", "pass"), ("pass", "pass"), ("pass\n\n", "pass\n"), (" pass ", " pass "), ("a\nb\n", "a\nb")
        ])
    func oneTrailingNewlineIsStripped(content: String, passphrase: String) {
        #expect(VaultPassphrase.parse(fileContent: Array(content.utf8)) == Array(passphrase.utf8))
    }

    @Test("an empty passphrase file, or one holding only a newline, holds no passphrase", arguments: ["", "\n", "\r\n"])
    func emptyIsNoPassphrase(content: String) {
        #expect(VaultPassphrase.parse(fileContent: Array(content.utf8)) == nil)
    }

    @Test("invariant 7: a private passphrase file of this user is read")
    func aPrivateFileIsRead() throws {
        try withTemporaryDirectory { root in
            try put(Array("correct horse\n".utf8), at: root + "/passphrase", mode: 0o600)
            #expect(try VaultPassphrase.read(file: root + "/passphrase") == Array("correct horse".utf8))
            try put(Array("read only".utf8), at: root + "/readonly", mode: 0o400)
            #expect(try VaultPassphrase.read(file: root + "/readonly") == Array("read only".utf8))
        }
    }

    @Test("invariant 7: a passphrase file others may read or write is refused", arguments: [0o640, 0o604, 0o620, 0o644] as [mode_t])
    func aLooseFileIsRefused(mode: mode_t) throws {
        try withTemporaryDirectory { root in
            try put(Array("secret-passphrase".utf8), at: root + "/passphrase", mode: mode)
            let error = try #require(throws: VaultError.self) { try VaultPassphrase.read(file: root + "/passphrase") }
            #expect(error.code == .permissions && error.message.contains("other users") && error.hint?.contains("chmod 600") == true)
            #expect(!error.message.contains("secret-passphrase"))
        }
    }

    @Test("invariant 7: a symbolic link to a passphrase file is refused, not followed")
    func aSymlinkIsRefused() throws {
        try withTemporaryDirectory { root in
            try put(Array("secret-passphrase".utf8), at: root + "/real", mode: 0o600)
            #expect(symlink(root + "/real", root + "/link") == 0)
            let error = try #require(throws: VaultError.self) { try VaultPassphrase.read(file: root + "/link") }
            #expect(error.code == .permissions && error.message.contains("symbolic link"))
        }
    }

    @Test("an empty, missing, oversized or non-regular passphrase file is an error, never 'no passphrase'")
    func emptyMissingOrHugeIsAnError() throws {
        try withTemporaryDirectory { root in
            try put([], at: root + "/empty", mode: 0o600)
            try put([0x0A], at: root + "/newline", mode: 0o600)
            try put([UInt8](repeating: 0x61, count: VaultPassphrase.fileLimit + 1), at: root + "/huge", mode: 0o600)
            #expect(mkdir(root + "/directory", 0o700) == 0)
            for (name, words) in [
                ("empty", "is empty"), ("newline", "is empty"), ("missing", "does not exist"),
                ("huge", "larger than"), ("directory", "not a regular file")
            ] {
                let error = try #require(throws: VaultError.self) { try VaultPassphrase.read(file: root + "/" + name) }
                #expect(error.message.contains(words), "\(name): \(error.message)")
            }
        }
    }

    @Test("invariant 12: the variable is taken out of the environment and its bytes overwritten in place")
    func theVariableIsWipedAndRemoved() throws {
        let name = "MCP_WARDEN_TEST_TAKE_\(getpid())"
        #expect(setenv(name, "s3cret value", 1) == 0)
        let original = try #require(getenv(name))
        let length = strlen(original)
        #expect(VaultPassphrase.takeFromEnvironment(name) == Array("s3cret value".utf8))
        #expect(getenv(name) == nil)
        // glibc never frees what setenv allocated: the old bytes are still there to look at.
        #expect(UnsafeRawBufferPointer(start: original, count: length).allSatisfy { $0 == 0 })
        #expect(VaultPassphrase.takeFromEnvironment(name) == nil)
    }

    @Test("an empty variable is no passphrase, and is removed too")
    func anEmptyVariableIsNoPassphrase() {
        let name = "MCP_WARDEN_TEST_EMPTY_\(getpid())"
        setenv(name, "", 1)
        #expect(VaultPassphrase.takeFromEnvironment(name) == nil)
        #expect(getenv(name) == nil)
    }
}
