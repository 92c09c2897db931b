// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Testing

/// The primitives under the vault and the OAuth client: SHA-256 (FIPS 180-4), MD5 (RFC 1321, only
/// to find mcp-remote's cache files), base16 (RFC 4648 §8), randomness and wiping.
@Suite struct PrimitiveVectorTests {
    @Test("FIPS 180-4: SHA-256 of \"\", \"abc\" and the two-block message (NIST example values)")
    func fips180_4_sha256Vectors() {
        #expect(Digest.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Digest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            Digest.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test(
        "RFC 1321 §A.5: MD5 test suite",
        arguments: [
            ("", "d41d8cd98f00b204e9800998ecf8427e"), ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"), ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")
        ])
    func rfc1321_md5Vectors(_ input: String, _ digest: String) {
        #expect(Digest.md5Hex(Array(input.utf8)) == digest)
    }

    @Test("RFC 4648 §8: base16 encodes lowercase, decodes either case, refuses odd lengths and non-digits")
    func rfc4648_section8_hex() {
        let all = (0...255).map { UInt8($0) }
        #expect(Hex.decode(Hex.encode(all)) == all)
        #expect(Hex.encode([0x00, 0x0F, 0xA5, 0xFF]) == "000fa5ff")
        #expect(Hex.decode("DEADbeef") == [0xDE, 0xAD, 0xBE, 0xEF])
        #expect(Hex.decode("") == [])
        for bad in ["0", "abc", "0g", "g0", " 00", "00 ", "0x00", "-1", "é0"] { #expect(Hex.decode(bad) == nil, "\(bad)") }
    }

    @Test("random bytes have the length asked for and do not repeat; wipe zeroes key material")
    func randomAndWipe() {
        let a = SecureRandom.bytes(32), b = SecureRandom.bytes(32)
        #expect(a.count == 32 && b.count == 32 && a != b)
        #expect(SecureRandom.bytes(0).isEmpty)
        var secret = a
        SecureRandom.wipe(&secret)
        #expect(secret == [UInt8](repeating: 0, count: 32))
    }
}
