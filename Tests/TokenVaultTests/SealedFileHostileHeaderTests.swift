// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TokenVault

/// A vault file is input from disk (DESIGN.md invariant 9): a hostile or damaged header is refused
/// with `.damaged` before any key is derived, without crashing and without allocating what it asks for.
@Suite struct SealedFileHostileHeaderTests {
    static let validKey = #"{"provider":"key-file"}"#
    static let passphraseKey = #"{"provider":"passphrase","kdf":"scrypt","n":32768,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#

    static func header(
        format: String = "1", key: String = validKey, nonce: String = #""000102030405060708090a0b""#,
        written: String = "1900000000", check: String = #""0011223344556677""#, drop: String? = nil
    ) -> String {
        let members = [
            ("format", format), ("resource", #""https://mcp.example.com/mcp""#), ("issuer", #""https://auth.example.com""#),
            ("key", key), ("nonce", nonce), ("written", written), ("check", check)
        ]
        return "{" + members.filter { $0.0 != drop }.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// magic, a big-endian u32 header length (the real one unless `length` says otherwise), header, body, tag.
    static func frame(_ header: String, length: UInt32? = nil, body: [UInt8] = Array(repeating: 0xAB, count: 40)) -> [UInt8] {
        let bytes = Array(header.utf8)
        let n = length ?? UInt32(bytes.count)
        return Array("MWVAULT\n".utf8) + [UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + bytes + body
    }

    func expectDamaged(_ bytes: [UInt8], _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        do throws(VaultError) {
            _ = try SealedFile.parse(bytes)
            Issue.record("a hostile file was accepted: \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
        } catch {
            #expect(error.code == .damaged, comment, sourceLocation: sourceLocation)
        }
    }

    @Test("the hand-made frame is a valid version-1 header (so every refusal below is about the one change)")
    func controlHeaderParses() throws {
        let file = try SealedFile.parse(Self.frame(Self.header()))
        #expect(file.key == sampleKey && file.source == .keyFile && file.written == 1_900_000_000)
        let passphrase = try SealedFile.parse(Self.frame(Self.header(key: Self.passphraseKey)))
        #expect(passphrase.source == .passphrase(ScryptParameters(n: 32768, r: 8, p: 1, salt: hexBytes("00112233445566778899aabbccddeeff"))))
    }

    @Test("a header length beyond the file or the 16 KiB cap is refused without reading it")
    func hugeHeaderLengthsAreRefused() {
        for length: UInt32 in [0, 0xFFFF_FFFF, 0x8000_0000, 0x0100_0000, 16 * 1024 + 1] {
            expectDamaged(Self.frame(Self.header(), length: length), "length \(length)")
        }
        // A header that really is 16 KiB + 1 bytes long (padding whitespace) is refused too.
        let padded = Self.header() + String(repeating: " ", count: 16 * 1024 + 1 - Self.header().utf8.count)
        expectDamaged(Self.frame(padded), "header of 16 KiB + 1")
        // One byte longer than the header, so the JSON is cut short.
        expectDamaged(Self.frame(Self.header(), length: UInt32(Self.header().utf8.count + 1), body: []))
    }

    @Test(
        "RFC 8259: a header that is not one JSON object is refused, deep nesting included",
        arguments: [
            "", "not json", "null", "1", #""text""#, "[1,2,3]", "{", #"{"format":1"#, "{}", "\u{0}\u{0}\u{0}",
            String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000),
            #"{"a":"# + String(repeating: #"{"a":"#, count: 1_000) + "1" + String(repeating: "}", count: 1_001)
        ])
    func rfc8259_nonObjectHeadersAreRefused(_ header: String) {
        expectDamaged(Self.frame(header))
    }

    @Test("an unknown format version is refused", arguments: ["2", "0", "-1", "1.5", #""1""#, "true", "null", "1e0"])
    func otherFormatsAreRefused(_ format: String) {
        expectDamaged(Self.frame(Self.header(format: format)), "format \(format)")
    }

    @Test("a header missing any field is refused", arguments: ["format", "resource", "issuer", "key", "nonce", "written", "check"])
    func missingFieldsAreRefused(_ field: String) {
        expectDamaged(Self.frame(Self.header(drop: field)), "without \(field)")
    }

    @Test("SP 800-38D §8.2: a nonce that is not 96 bits, and a check that is not 64 bits, are refused")
    func sp800_38D_malformedNonceAndCheckAreRefused() {
        for nonce in [#""""#, #""00""#, #""000102030405060708090a0b0c""#, #""000102030405060708090a0""#, #""zz0102030405060708090a0b""#, "12", "null"] {
            expectDamaged(Self.frame(Self.header(nonce: nonce)), "nonce \(nonce)")
        }
        for check in [#""""#, #""00112233445566""#, #""001122334455667788""#, #""001122334455667g""#, "0"] {
            expectDamaged(Self.frame(Self.header(check: check)), "check \(check)")
        }
        for written in [#""1900000000""#, "1.5", "1e30", "99999999999999999999999", "null"] {
            expectDamaged(Self.frame(Self.header(written: written)), "written \(written)")
        }
    }

    @Test(
        "RFC 7914 §2: absurd scrypt parameters in a header are refused before anything is derived",
        arguments: [
            #"{"provider":"passphrase","kdf":"scrypt","n":1000,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":1099511627776,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":32768,"r":1000,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":32768,"r":8,"p":100000,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":-32768,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":0,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":32768,"r":0,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":32768.5,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":1e400,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":"32768","r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":32768,"r":8,"p":1,"salt":"0011"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":32768,"r":8,"p":1,"salt":"not hex!"}"#,
            #"{"provider":"passphrase","kdf":"scrypt","n":32768,"r":8,"p":1}"#,
            #"{"provider":"passphrase","kdf":"pbkdf2","n":32768,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#,
            #"{"provider":"passphrase","n":32768,"r":8,"p":1,"salt":"00112233445566778899aabbccddeeff"}"#
        ])
    func rfc7914_section2_absurdScryptHeadersAreRefused(_ key: String) {
        expectDamaged(Self.frame(Self.header(key: key)), "key \(key)")
    }

    @Test(
        "an unknown or missing key provider is refused",
        arguments: [
            #"{"provider":"plaintext"}"#, #"{"provider":"KEY-FILE"}"#, #"{}"#, #"{"provider":1}"#, #""key-file""#, "null"
        ])
    func unknownProvidersAreRefused(_ key: String) {
        expectDamaged(Self.frame(Self.header(key: key)), "key \(key)")
    }

    @Test("a wrong magic, a file too short for a tag, and a file over 8 MiB are refused")
    func wrongMagicShortAndOversizedFilesAreRefused() {
        let good = Self.frame(Self.header())
        for magic in ["MWVAULT\r", "mwvault\n", "MWVAULT ", "\0WVAULT\n"] {
            expectDamaged(Array(magic.utf8) + good.dropFirst(8), "magic \(magic.debugDescription)")
        }
        expectDamaged(Self.frame(Self.header(), body: Array(repeating: 0, count: 15)), "15 bytes after the header")
        expectDamaged(Array(good.prefix(11)), "no complete length")
        expectDamaged(Self.frame(Self.header(), body: Array(repeating: 0, count: SealedFile.maxFile)), "over 8 MiB")
    }
}
