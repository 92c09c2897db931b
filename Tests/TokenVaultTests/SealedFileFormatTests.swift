// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Testing

@testable import TokenVault

/// The vault file format (SealedFile, version 1): AES-256-GCM (NIST SP 800-38D) with the whole clear
/// prefix — magic, header length, header — as associated data.
@Suite struct SealedFileFormatTests {
    let secret = SecureRandom.bytes(32)

    func sealed(_ plaintext: [UInt8] = sampleTokens, key: EntryKey = sampleKey, source: KeySource = .keyFile, written: Int = 1_900_000_000) -> [UInt8] {
        SealedFile.seal(plaintext, key: key, source: source, with: secret, written: written)
    }

    @Test("SP 800-38D: seal, parse and open round-trip, and every header field is preserved")
    func sp800_38D_roundTripPreservesHeader() throws {
        let scrypt = ScryptParameters(n: 1 << 15, r: 8, p: 1, salt: SecureRandom.bytes(16))
        let oddKey = EntryKey(server: "", resource: "https://mcp.example.com/mcp?q=\"quoted\"\n\u{1F512}", issuer: "https://auth.example.com/tenant\\x")
        for (key, source, written) in [
            (sampleKey, KeySource.keyFile, 1_900_000_000), (oddKey, .passphrase(scrypt), 0),
            (otherKey, .secretService, -5), (EntryKey(server: "", resource: "https://imported.example", issuer: ""), .keychain, 42),
            (serverKey, .keyFile, 7),
            (
                EntryKey(
                    server: "https://mcp.example.com/mcp?api_key=<redacted>", resource: "https://mcp.example.com/",
                    issuer: "https://auth.example.com", variant: "0123abcd"), .keyFile, 9
            )
        ] {
            let bytes = sealed(key: key, source: source, written: written)
            #expect(Array(bytes.prefix(8)) == Array("MWVAULT\n".utf8))
            let file = try SealedFile.parse(bytes)
            #expect(file.key == key)
            #expect(file.source == source)
            #expect(file.written == written)
            #expect(file.nonce.count == 12)
            #expect(file.keyCheck == SealedFile.check(of: secret))
            #expect(file.isSealed(with: secret))
            #expect(!file.isSealed(with: SecureRandom.bytes(32)))
            #expect(file.open(with: secret) == sampleTokens)
            #expect(file.open(with: SecureRandom.bytes(32)) == nil)
        }
    }

    /// Issue 13: the server is part of an entry's key, in its name and in its authenticated header.
    @Test func theServerIsPartOfTheKeyAndTheName() throws {
        #expect(serverKey.fileStem != EntryKey(server: "", resource: serverKey.resource, issuer: serverKey.issuer).fileStem)
        #expect(serverKey.fileStem != EntryKey(server: "https://mcp.example.com/sse", resource: serverKey.resource, issuer: serverKey.issuer).fileStem)
        // Length prefixes: moving characters between the parts changes the name.
        #expect(EntryKey(server: "ab", resource: "c", issuer: "d").fileStem != EntryKey(server: "a", resource: "bc", issuer: "d").fileStem)
        #expect(EntryKey(server: "a", resource: "b", issuer: "cd").fileStem != EntryKey(server: "a", resource: "bc", issuer: "d").fileStem)
        #expect(
            EntryKey(server: "a", resource: "b", issuer: "c", variant: "1").fileStem != EntryKey(server: "a", resource: "b", issuer: "c", variant: "2").fileStem
        )
        #expect(EntryKey(server: "a", resource: "b", issuer: "c", variant: "1").fileStem != EntryKey(server: "a", resource: "b", issuer: "c").fileStem)
        // A header that names an empty server is not a valid entry of either kind.
        var bytes = sealed(key: serverKey)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("\"server\":\"https://mcp.example.com/mcp\""))
        let original = Array("\"server\":\"https://mcp.example.com/mcp\"".utf8)
        let blank = Array("\"server\":\"\"".utf8) + Array(repeating: UInt8(ascii: " "), count: original.count - 11)
        if let range = bytes.firstRange(of: original) { bytes.replaceSubrange(range, with: blank) }
        #expect(throws: VaultError.self) { try SealedFile.parse(bytes) }
    }

    @Test("SP 800-38D: empty and large plaintexts round-trip")
    func sp800_38D_emptyAndLargePlaintexts() throws {
        #expect(try SealedFile.parse(sealed([])).open(with: secret) == [])
        let large = SecureRandom.bytes(1 << 20)
        #expect(try SealedFile.parse(sealed(large)).open(with: secret) == large)
    }

    @Test("SP 800-38D §8.2.2: every seal draws a fresh 96-bit nonce")
    func sp800_38D_section8_2_2_freshNoncePerSeal() throws {
        let files = try (0..<32).map { _ in try SealedFile.parse(sealed()) }
        #expect(Set(files.map(\.nonce)).count == files.count)
        #expect(sealed() != sealed())
        #expect(Set(files.map(\.ciphertext)).count == files.count)
    }

    @Test("SP 800-38D: the 64-bit key check is SHA-256(label ‖ 0 ‖ key)[0..<8] and reveals which key is wrong")
    func sp800_38D_keyCheck() {
        // Computed independently: sha256(b"mcp-warden vault key check\x00" + bytes(32))[:8].
        #expect(SealedFile.check(of: [UInt8](repeating: 0, count: 32)) == hexBytes("fe1116630801f557"))
        #expect(SealedFile.check(of: secret) != SealedFile.check(of: SecureRandom.bytes(32)))
    }

    @Test("SP 800-38D §7.2: flipping any single bit pattern (0x01, 0x80, 0xff) at any byte is detected")
    func sp800_38D_everyByteFlipIsDetected() throws {
        let original = sealed()
        for mask: UInt8 in [0x01, 0x80, 0xFF] {
            for index in original.indices {
                var damaged = original
                damaged[index] ^= mask
                let outcome: [UInt8]?
                do throws(VaultError) {
                    outcome = try SealedFile.parse(damaged).open(with: secret)
                } catch {
                    #expect(error.code == .damaged)
                    continue
                }
                #expect(outcome == nil, "byte \(index) ^ \(mask) was not detected")
            }
        }
    }

    @Test("SP 800-38D §7.2: a modified file is never opened, even with the check field intact (tag covers the header)")
    func sp800_38D_headerChangesBreakTheTag() throws {
        let original = sealed()
        let file = try SealedFile.parse(original)
        let headerEnd = original.count - file.ciphertext.count - 16
        // Change the written time to a same-length number: still a valid header, still the right key.
        let text = String(decoding: original[12..<headerEnd], as: UTF8.self)
        let edited = text.replacing("1900000000", with: "1800000000")
        try #require(edited != text)
        let forged = Array(original[0..<12]) + Array(edited.utf8) + Array(original[headerEnd...])
        let reparsed = try SealedFile.parse(forged)
        #expect(reparsed.written == 1_800_000_000)
        #expect(reparsed.isSealed(with: secret))
        #expect(reparsed.open(with: secret) == nil)
    }

    @Test("SP 800-38D §7.2: truncation at every length and appended bytes are detected")
    func sp800_38D_truncationAndAppendingAreDetected() throws {
        let original = sealed()
        for length in 0..<original.count {
            let truncated = Array(original.prefix(length))
            if let file = try? SealedFile.parse(truncated) {
                #expect(file.open(with: secret) == nil, "truncation to \(length) bytes was not detected")
            }
        }
        for tail in [[0x00], [0x0A], Array(repeating: 0x41, count: 16), SecureRandom.bytes(100)] as [[UInt8]] {
            let file = try SealedFile.parse(original + tail)
            #expect(file.open(with: secret) == nil)
        }
        #expect(throws: VaultError.self) { try SealedFile.parse([]) }
    }
}
