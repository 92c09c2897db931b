// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import TokenVault

/// DESIGN.md invariant 7 at the file level: 0600 files in 0700 directories, atomic replacement,
/// create-if-absent without overwriting, and damaged files set aside rather than deleted.
@Suite struct PrivateFilesTests {
    func temporaries(in directory: String) -> [String] { directoryNames(directory).filter { $0.contains(".tmp-") } }

    @Test("invariant 7: create returns false when the file exists and does not overwrite it")
    func invariant7_createNeverOverwrites() throws {
        try withTemporaryDirectory { root in
            let path = root + "/vault.key"
            #expect(try PrivateFiles.create(Array("first".utf8), at: path))
            #expect(try !PrivateFiles.create(Array("second".utf8), at: path))
            #expect(contents(path) == Array("first".utf8))
            #expect(permissions(path) == 0o600)
            #expect(temporaries(in: root).isEmpty)
            // An existing file of any kind, even one we would refuse to read, is never replaced.
            try put(Array("loose".utf8), at: root + "/loose", mode: 0o644)
            #expect(try !PrivateFiles.create(Array("x".utf8), at: root + "/loose"))
            #expect(contents(root + "/loose") == Array("loose".utf8))
            #expect(try PrivateFiles.read(path, limit: 100) == Array("first".utf8))
        }
    }

    @Test("invariant 7: write replaces a file atomically with a 0600 file and leaves no temporary behind")
    func invariant7_writeReplacesAtomically() throws {
        try withTemporaryDirectory { root in
            let path = root + "/entry.vault"
            try PrivateFiles.write(Array("one".utf8), to: path)
            #expect(try PrivateFiles.read(path, limit: 100) == Array("one".utf8))
            try #require(chmod(path, 0o644) == 0)
            try PrivateFiles.write(Array("two".utf8), to: path)
            #expect(permissions(path) == 0o600, "the replacement is a new private file, whatever the old mode")
            #expect(try PrivateFiles.read(path, limit: 100) == Array("two".utf8))
            try PrivateFiles.write([], to: path)
            #expect(try PrivateFiles.read(path, limit: 100) == [])
            #expect(temporaries(in: root).isEmpty)
            #expect(throws: VaultError.self) { try PrivateFiles.write([1], to: root + "/missing/entry.vault") }
        }
    }

    @Test("invariant 7: read refuses loose modes (with a chmod 600 hint), non-regular files, symlinks and oversize")
    func invariant7_readRefusesWhatIsNotPrivate() throws {
        try withTemporaryDirectory { root in
            #expect(try PrivateFiles.read(root + "/absent", limit: 100) == nil)
            for mode: mode_t in [0o640, 0o604, 0o620, 0o602, 0o660] {
                let path = root + "/loose-\(mode)"
                try put([1, 2, 3], at: path, mode: mode)
                let error = try #require(throws: VaultError.self, "mode \(mode)") { try PrivateFiles.read(path, limit: 100) }
                #expect(error.code == .permissions)
                #expect(error.hint == "chmod 600 '\(path)'")
            }
            try put([1, 2, 3], at: root + "/private")
            #expect(try PrivateFiles.read(root + "/private", limit: 3) == [1, 2, 3])
            #expect(try #require(throws: VaultError.self) { try PrivateFiles.read(root + "/private", limit: 2) }.code == .damaged)
            #expect(try #require(throws: VaultError.self) { try PrivateFiles.read(root, limit: 100) }.code == .permissions)
            try #require(symlink(root + "/private", root + "/link") == 0)
            #expect(throws: VaultError.self) { try PrivateFiles.read(root + "/link", limit: 100) }
        }
    }

    @Test("invariant 7: ensureDirectory creates missing parents 0700 and refuses a loose, foreign or non-directory path")
    func invariant7_ensureDirectory() throws {
        try withTemporaryDirectory { root in
            let nested = root + "/a/b/c"
            try PrivateFiles.ensureDirectory(nested)
            for path in [root + "/a", root + "/a/b", nested] { #expect(permissions(path) == 0o700, "\(path)") }
            try PrivateFiles.ensureDirectory(nested)  // an existing private directory is fine

            try #require(chmod(nested, 0o750) == 0)
            let loose = try #require(throws: VaultError.self) { try PrivateFiles.ensureDirectory(nested) }
            #expect(loose.code == .permissions)
            #expect(loose.hint == "chmod 700 '\(nested)'")

            try put([1], at: root + "/file")
            #expect(try #require(throws: VaultError.self) { try PrivateFiles.ensureDirectory(root + "/file") }.code == .permissions)
            try #require(symlink(root + "/a", root + "/link") == 0)
            #expect(try #require(throws: VaultError.self) { try PrivateFiles.ensureDirectory(root + "/link") }.code == .permissions)
            // A directory owned by root, when not running as root, is another user's.
            if geteuid() != 0 {
                #expect(try #require(throws: VaultError.self) { try PrivateFiles.ensureDirectory("/") }.code == .permissions)
            }
        }
    }

    @Test("invariant 7: moveAside keeps every damaged copy (NAME.damaged-TIME, then -1, -2)")
    func invariant7_moveAsideNeverOverwrites() throws {
        try withTemporaryDirectory { root in
            let path = root + "/entry.vault"
            var aside: [String] = []
            for round: UInt8 in 0..<3 {
                try put([round], at: path)
                aside.append(try PrivateFiles.moveAside(path, now: 1_900_000_000))
            }
            #expect(aside == ["", "-1", "-2"].map { path + ".damaged-1900000000" + $0 })
            #expect(aside.map { contents($0) } == [[0], [1], [2]])
            #expect(!exists(path))
            #expect(throws: VaultError.self) { try PrivateFiles.moveAside(path, now: 1) }
        }
    }
}
