// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// vault-stress: the writer and the checker of the vault's crash-safety test
// (Integration/tests/test_vault_crash.py). Not part of the product.
//
//   vault-stress write VAULT_DIR KEY_FILE   lock, read, check, write the next version, forever
//   vault-stress check VAULT_DIR KEY_FILE   exit 0 when every entry reads and is consistent
import CryptoPrimitives
import Glibc
import MCPFraming
import TokenVault

let arguments = CommandLine.arguments
guard arguments.count == 4, ["write", "check"].contains(arguments[1]) else {
    Diagnostics.fail("usage: vault-stress write|check VAULT_DIR KEY_FILE")
}
let location = VaultLocation(entries: arguments[2], keyFile: arguments[3])
let keys = VaultKeys(location: location, environment: [:], keyring: nil, unavailableKeyring: "stress test", announce: { _ in })
let vault = TokenVault(location: location, keys: keys)
let entries = [
    EntryKey(server: "", resource: "https://a.example/mcp", issuer: "https://auth.a.example"),
    EntryKey(server: "", resource: "https://b.example/", issuer: "https://auth.b.example")
]

enum Diagnostics {
    static func fail(_ message: String) -> Never {
        let line = Array("vault-stress: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(1)
    }
}

/// A payload that proves itself: a counter, padding of a length derived from it, and the
/// SHA-256 of both.
func payload(_ counter: Int) -> [UInt8] {
    let pad = String(repeating: "x", count: (counter * 7919) % 60_000)
    let digest = Digest.sha256Hex(Array("\(counter)|\(pad)".utf8))
    return JSONValue.object(JSONObject([("n", .integer(counter)), ("pad", .string(pad)), ("sha256", .string(digest))])).serialized()
}

func counter(of bytes: [UInt8]) -> Int? {
    guard let object = (try? JSONParser.parse(bytes))?.objectValue, let n = object["n"]?.intValue,
        let pad = object["pad"]?.stringValue, let digest = object["sha256"]?.stringValue,
        digest == Digest.sha256Hex(Array("\(n)|\(pad)".utf8))
    else { return nil }
    return n
}

func read(_ key: EntryKey) -> Int? {
    do {
        guard let bytes = try vault.read(key) else { return nil }
        guard let n = counter(of: bytes) else { Diagnostics.fail("entry \(key) decrypts to an inconsistent payload") }
        return n
    } catch {
        Diagnostics.fail("entry \(key): \(error.message)")
    }
}

if arguments[1] == "check" {
    do {
        let listing = try vault.list()
        if let problem = listing.unreadable.first { Diagnostics.fail(problem.message) }
        for entry in listing.entries { _ = read(entry.key) }
    } catch {
        Diagnostics.fail(error.message)
    }
    print("ok")
    exit(0)
}

var round = 0
while true {
    let key = entries[round % entries.count]
    round += 1
    do {
        let lock = try vault.lock(key, timeout: 30)
        let next = (read(key) ?? 0) + 1
        try vault.write(key, payload(next), now: Int(time(nil)))
        guard read(key) == next else { Diagnostics.fail("entry \(key) did not keep version \(next)") }
        lock.release()
    } catch {
        Diagnostics.fail(error.message)
    }
}
