// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Foundation
import Glibc
import Synchronization
import Testing

@testable import TokenVault

/// A fresh private directory under /tmp (mkdtemp), removed with everything in it when `body` returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    var template = Array("/tmp/mcp-warden-vault-test-XXXXXX".utf8CString)
    let made = template.withUnsafeMutableBufferPointer { buffer in mkdtemp(buffer.baseAddress!).map { String(cString: $0) } }
    let directory = try #require(made)
    defer { try? FileManager.default.removeItem(atPath: directory) }
    return try body(directory)
}

/// Hex written out independently of `Hex.decode`, so the vectors do not lean on the code under test.
func hexBytes(_ text: String) -> [UInt8] {
    let digits = Array(text.utf8)
    precondition(digits.count % 2 == 0, "odd hex in a test vector")
    func value(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        default: preconditionFailure("bad hex digit in a test vector")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
}

/// The permission bits of `path` (not following a symlink), nil when it does not exist.
func permissions(_ path: String) -> mode_t? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    return info.st_mode & 0o7777
}

func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

func directoryNames(_ path: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted()
}

func contents(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { Array($0) }
}

/// Writes `bytes` to `path` with exactly `mode` (chmod after creation, so the umask does not matter).
func put(_ bytes: [UInt8], at path: String, mode: mode_t = 0o600) throws {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    try #require(fd >= 0, "cannot create \(path)")
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
        let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        try #require(n > 0)
        offset += n
    }
    try #require(fchmod(fd, mode) == 0)
}

/// Counts the key-file fall-back announcements `VaultKeys` makes.
final class Announcements: Sendable {
    private let said = Mutex<[String]>([])
    var all: [String] { said.withLock { $0 } }
    var sink: @Sendable (String) -> Void { { [self] line in said.withLock { $0.append(line) } } }
}

/// A vault whose entries and key file live in separate directories of `root`, as
/// `VaultLocation.resolve` lays them out (`state/…/vault`, `config/…/vault.key`).
struct VaultFixture {
    let root: String
    let location: VaultLocation
    let keys: VaultKeys
    let vault: TokenVault
    let announcements: Announcements

    init(
        root: String, environment: [String: String] = [:], keyring: (any Keyring)? = nil,
        unavailableKeyring: String = "no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set)"
    ) {
        self.root = root
        location = VaultLocation(entries: root + "/state/mcp-warden/vault", keyFile: root + "/config/mcp-warden/vault.key")
        announcements = Announcements()
        keys = VaultKeys(
            location: location, environment: environment, keyring: keyring, unavailableKeyring: unavailableKeyring,
            announce: announcements.sink)
        vault = TokenVault(location: location, keys: keys)
    }

    /// Another process's view of the same vault, with its own environment.
    func reopened(environment: [String: String] = [:]) -> VaultFixture {
        VaultFixture(root: root, environment: environment)
    }

    /// The `*.damaged-*` files next to the entries.
    var damagedFiles: [String] { directoryNames(location.entries).filter { $0.contains(".damaged-") } }
}

let sampleKey = EntryKey(server: "", resource: "https://mcp.example.com/mcp", issuer: "https://auth.example.com")
let serverKey = EntryKey(server: "https://mcp.example.com/mcp", resource: "https://mcp.example.com/", issuer: "https://auth.example.com")
let otherKey = EntryKey(server: "", resource: "https://other.example.net/mcp", issuer: "https://auth.example.net")
let sampleTokens = Array(#"{"access_token":"at-123","refresh_token":"rt-456","expires_at":1900000000}"#.utf8)
