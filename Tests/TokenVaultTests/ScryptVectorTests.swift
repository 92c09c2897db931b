// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TokenVault

/// scrypt (RFC 7914) as `ScryptParameters.derive` runs it for `MCP_WARDEN_PASSPHRASE`.
///
/// RFC 7914 §12 vectors, verbatim from the RFC (also in openssl/openssl
/// test/recipes/30-test_evp_data/evpkdf_scrypt.txt). Two of them use a salt shorter than the 8 bytes
/// the vault insists on (`isAcceptable`), so `derive` deliberately refuses them; the rest go through it.
@Suite struct ScryptVectorTests {
    @Test("RFC 7914 §12: scrypt(\"pleaseletmein\", \"SodiumChloride\", N=16384, r=8, p=1, dkLen=64)")
    func rfc7914_section12_pleaseletmein() throws {
        let parameters = ScryptParameters(n: 16384, r: 8, p: 1, salt: Array("SodiumChloride".utf8))
        #expect(parameters.isAcceptable)
        let derived = try #require(parameters.derive(passphrase: Array("pleaseletmein".utf8), length: 64))
        #expect(
            derived
                == hexBytes(
                    "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2"
                        + "d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"))
        // The vault's key is the first 32 bytes of the same stream (PBKDF2 output is a prefix).
        #expect(parameters.derive(passphrase: Array("pleaseletmein".utf8)) == Array(derived.prefix(32)))
    }

    @Test("RFC 7914 §12: the empty-salt and 4-byte-salt (\"NaCl\") vectors are refused by derive (salt < 8 bytes)")
    func rfc7914_section12_shortSaltVectorsAreRefused() {
        let empty = ScryptParameters(n: 16, r: 1, p: 1, salt: [])
        let nacl = ScryptParameters(n: 1024, r: 8, p: 16, salt: Array("NaCl".utf8))
        #expect(!empty.isAcceptable && empty.derive(passphrase: [], length: 64) == nil)
        #expect(!nacl.isAcceptable && nacl.derive(passphrase: Array("password".utf8), length: 64) == nil)
        // The salt alone is the reason: the same cost with an 8-byte salt is accepted and derives.
        #expect(ScryptParameters(n: 16, r: 1, p: 1, salt: Array("saltsalt".utf8)).derive(passphrase: [], length: 64)?.count == 64)
        #expect(ScryptParameters(n: 1024, r: 8, p: 16, salt: Array("NaClNaCl".utf8)).isAcceptable)
    }

    @Test("RFC 7914 §2: the parameters of new files are N=2^15, r=8, p=1 with a fresh 16-byte salt")
    func rfc7914_section2_freshParameters() {
        let a = ScryptParameters.fresh(), b = ScryptParameters.fresh()
        #expect(a.n == 1 << 15 && a.r == 8 && a.p == 1 && a.salt.count == 16)
        #expect(a.isAcceptable)
        #expect(a.salt != b.salt)
    }

    @Test(
        "RFC 7914 §2: N must be a power of two greater than 1; absurd costs from a header are refused",
        arguments: [
            ScryptParameters(n: 0, r: 8, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1, r: 8, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1000, r: 8, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: (1 << 15) + 1, r: 8, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 40, r: 8, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 63, r: 8, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 21, r: 1, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 15, r: 0, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 15, r: 1000, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 15, r: UInt64.max, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 15, r: 8, p: 0, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 15, r: 8, p: 1000, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 20, r: 32, p: 1, salt: Array(repeating: 1, count: 16)),
            ScryptParameters(n: 1 << 15, r: 8, p: 1, salt: Array(repeating: 1, count: 65))
        ])
    func rfc7914_section2_absurdParametersAreRefused(_ parameters: ScryptParameters) {
        #expect(!parameters.isAcceptable)
        #expect(parameters.derive(passphrase: Array("x".utf8)) == nil)
    }

    @Test("RFC 7914 §2: a file header cannot make one read spend minutes in scrypt (N·r·p bounded, not only N·r)")
    func rfc7914_section2_workIsBounded() {
        // N=2^20, r=8 costs 1 GiB and ~5.6 s here (p=1, measured with OpenSSL); p=16 multiplies the time
        // by 16 (~90 s). isAcceptable's own comment: "a hostile header must not make us spend gigabytes or minutes".
        let hostile = ScryptParameters(n: 1 << 20, r: 8, p: 16, salt: Array(repeating: 7, count: 16))
        #expect(!hostile.isAcceptable, "N·r·p = 2^27 is 512 times the work of the N=2^15, r=8, p=1 default")
    }

    @Test("RFC 7914 §6: derivation depends on passphrase and salt, and is deterministic")
    func rfc7914_section6_derivationDependsOnItsInputs() throws {
        let salt = Array("0123456789abcdef".utf8)
        let parameters = ScryptParameters(n: 1024, r: 8, p: 1, salt: salt)
        let key = try #require(parameters.derive(passphrase: Array("correct horse".utf8)))
        #expect(key.count == 32)
        #expect(parameters.derive(passphrase: Array("correct horse".utf8)) == key)
        #expect(parameters.derive(passphrase: Array("correct horsf".utf8)) != key)
        #expect(ScryptParameters(n: 1024, r: 8, p: 1, salt: Array("0123456789abcdeg".utf8)).derive(passphrase: Array("correct horse".utf8)) != key)
        #expect(ScryptParameters(n: 2048, r: 8, p: 1, salt: salt).derive(passphrase: Array("correct horse".utf8)) != key)
    }
}
