// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import Testing

@testable import TokenVault

/// One AES-256-GCM known answer: a nil `plaintext` marks a CAVP "FAIL" case (the tag must not verify).
struct GCMVector: Sendable, CustomTestStringConvertible {
    let name: String
    let key: String
    let iv: String
    let plaintext: String?
    let aad: String
    let ciphertext: String
    let tag: String
    var testDescription: String { name }
}

// NIST CAVP GCMVS gcmEncryptExtIV256.rsp ([Keylen = 256] [IVlen = 96] [Taglen = 128]), copied verbatim
// as transcribed in google/quiche quiche/quic/core/crypto/aes_256_gcm_encrypter_test.cc (file downloaded
// from csrc.nist.gov on 2017-09-27).
let cavpEncrypt256: [GCMVector] = [
    GCMVector(
        name: "PTlen 0 AADlen 0 #0", key: "b52c505a37d78eda5dd34f20c22540ea1b58963cf8e5bf8ffa85f9f2492505b4",
        iv: "516c33929df5a3284ff463d7", plaintext: "", aad: "", ciphertext: "", tag: "bdc1ac884d332457a1d2664f168c76f0"),
    GCMVector(
        name: "PTlen 0 AADlen 0 #1", key: "5fe0861cdc2690ce69b3658c7f26f8458eec1c9243c5ba0845305d897e96ca0f",
        iv: "770ac1a5a3d476d5d96944a1", plaintext: "", aad: "", ciphertext: "", tag: "196d691e1047093ca4b3d2ef4baba216"),
    GCMVector(
        name: "PTlen 0 AADlen 128 #0", key: "78dc4e0aaf52d935c3c01eea57428f00ca1fd475f5da86a49c8dd73d68c8e223",
        iv: "d79cf22d504cc793c3fb6c8a", plaintext: "", aad: "b96baa8c1c75a671bfb2d08d06be5f36", ciphertext: "",
        tag: "3e5d486aa2e30b22e040b85723a06e76"),
    GCMVector(
        name: "PTlen 0 AADlen 128 #1", key: "4457ff33683cca6ca493878bdc00373893a9763412eef8cddb54f91318e0da88",
        iv: "699d1f29d7b8c55300bb1fd2", plaintext: "", aad: "6749daeea367d0e9809e2dc2f309e6e3", ciphertext: "",
        tag: "d60c74d2517fde4a74e0cd4709ed43a9"),
    GCMVector(
        name: "PTlen 128 AADlen 0 #0", key: "31bdadd96698c204aa9ce1448ea94ae1fb4a9a0b3c9d773b51bb1822666b8f22",
        iv: "0d18e06c7c725ac9e362e1ce", plaintext: "2db5168e932556f8089a0622981d017d", aad: "",
        ciphertext: "fa4362189661d163fcd6a56d8bf0405a", tag: "d636ac1bbedd5cc3ee727dc2ab4a9489"),
    GCMVector(
        name: "PTlen 128 AADlen 0 #1", key: "460fc864972261c2560e1eb88761ff1c992b982497bd2ac36c04071cbb8e5d99",
        iv: "8a4a16b9e210eb68bcb6f58d", plaintext: "99e4e926ffe927f691893fb79a96b067", aad: "",
        ciphertext: "133fc15751621b5f325c7ff71ce08324", tag: "ec4e87e0cf74a13618d0b68636ba9fa7"),
    GCMVector(
        name: "PTlen 408 AADlen 160 #0", key: "24501ad384e473963d476edcfe08205237acfd49b5b8f33857f8114e863fec7f",
        iv: "9ff18563b978ec281b3f2794",
        plaintext: "27f348f9cdc0c5bd5e66b1ccb63ad920ff2219d14e8d631b3872265cf117ee86757accb158bd9abb3868fdc0d0b074b5f01b2c",
        aad: "adb5ec720ccf9898500028bf34afccbcaca126ef",
        ciphertext: "eb7cb754c824e8d96f7c6d9b76c7d26fb874ffbf1d65c6f64a698d839b0b06145dae82057ad55994cf59ad7f67c0fa5e85fab8",
        tag: "bc95c532fecc594c36d1550286a7a3f0"),
    GCMVector(
        name: "PTlen 408 AADlen 160 #1", key: "fb43f5ab4a1738a30c1e053d484a94254125d55dccee1ad67c368bc1a985d235",
        iv: "9fbb5f8252db0bca21f1c230",
        plaintext: "34b797bb82250e23c5e796db2c37e488b3b99d1b981cea5e5b0c61a0b39adb6bd6ef1f50722e2e4f81115cfcf53f842e2a6c08",
        aad: "98f8ae1735c39f732e2cbee1156dabeb854ec7a2",
        ciphertext: "871cd53d95a8b806bd4821e6c4456204d27fd704ba3d07ce25872dc604ea5c5ea13322186b7489db4fa060c1fd4159692612c8",
        tag: "07b48e4a32fac47e115d7ac7445d8330"),
    GCMVector(
        name: "PTlen 408 AADlen 720 #0", key: "148579a3cbca86d5520d66c0ec71ca5f7e41ba78e56dc6eebd566fed547fe691",
        iv: "b08a5ea1927499c6ecbfd4e0",
        plaintext: "9d0b15fdf1bd595f91f8b3abc0f7dec927dfd4799935a1795d9ce00c9b879434420fe42c275a7cd7b39d638fb81ca52b49dc41",
        aad:
            "e4f963f015ffbb99ee3349bbaf7e8e8e6c2a71c230a48f9d59860a29091d2747e01a5ca572347e247d25f56ba7ae8e05cde2be3c97931292c02370208ecd097ef692687fecf2f419d3200162a6480a57dad408a0dfeb492e2c5d",
        ciphertext: "2097e372950a5e9383c675e89eea1c314f999159f5611344b298cda45e62843716f215f82ee663919c64002a5c198d7878fd3f",
        tag: "adbecdb0d5c2224d804d2886ff9a5760"),
    GCMVector(
        name: "PTlen 408 AADlen 720 #1", key: "e49af19182faef0ebeeba9f2d3be044e77b1212358366e4ef59e008aebcd9788",
        iv: "e7f37d79a6a487a5a703edbb",
        plaintext: "461cd0caf7427a3d44408d825ed719237272ecd503b9094d1f62c97d63ed83a0b50bdc804ffdd7991da7a5b6dcf48d4bcd2cbc",
        aad:
            "19a9a1cfc647346781bef51ed9070d05f99a0e0192a223c5cd2522dbdf97d9739dd39fb178ade3339e68774b058aa03e9a20a9a205bc05f32381df4d63396ef691fefd5a71b49a2ad82d5ea428778ca47ee1398792762413cff4",
        ciphertext: "32ca3588e3e56eb4c8301b009d8b84b8a900b2b88ca3c21944205e9dd7311757b51394ae90d8bb3807b471677614f4198af909",
        tag: "3e403d035c71d88f1be1a256c89ba6ad"),
    GCMVector(
        name: "PTlen 104 AADlen 0 #0", key: "82c4f12eeec3b2d3d157b0f992d292b237478d2cecc1d5f161389b97f999057a",
        iv: "7b40b20f5f397177990ef2d1", plaintext: "982a296ee1cd7086afad976945", aad: "",
        ciphertext: "ec8e05a0471d6b43a59ca5335f", tag: "113ddeafc62373cac2f5951bb9165249"),
    GCMVector(
        name: "PTlen 104 AADlen 0 #1", key: "db4340af2f835a6c6d7ea0ca9d83ca81ba02c29b7410f221cb6071114e393240",
        iv: "40e438357dd80a85cac3349e", plaintext: "8ddb3397bd42853193cb0f80c9", aad: "",
        ciphertext: "b694118c85c41abf69e229cb0f", tag: "c07f1b8aafbd152f697eb67f2a85fe45")
]

// NIST CAVP GCMVS gcmDecrypt256.rsp ([Keylen = 256] [IVlen = 96] [Taglen = 128]), copied verbatim as
// transcribed in google/quiche quiche/quic/core/crypto/aes_256_gcm_decrypter_test.cc. plaintext nil = "FAIL".
let cavpDecrypt256: [GCMVector] = [
    GCMVector(
        name: "PTlen 0 AADlen 0 #0", key: "f5a2b27c74355872eb3ef6c5feafaa740e6ae990d9d48c3bd9bb8235e589f010",
        iv: "58d2240f580a31c1d24948e9", plaintext: "", aad: "", ciphertext: "", tag: "15e051a5e4a5f5da6cea92e2ebee5bac"),
    GCMVector(
        name: "PTlen 0 AADlen 0 #1 FAIL", key: "e5a8123f2e2e007d4e379ba114a2fb66e6613f57c72d4e4f024964053028a831",
        iv: "51e43385bf533e168427e1ad", plaintext: nil, aad: "", ciphertext: "", tag: "38fe845c66e66bdd884c2aecafd280e6"),
    GCMVector(
        name: "PTlen 0 AADlen 128 #0", key: "6dfdafd6703c285c01f14fd10a6012862b2af950d4733abb403b2e745b26945d",
        iv: "3749d0b3d5bacb71be06ade6", plaintext: "", aad: "c0d249871992e70302ae008193d1e89f", ciphertext: "",
        tag: "4aa4cc69f84ee6ac16d9bfb4e05de500"),
    GCMVector(
        name: "PTlen 0 AADlen 128 #1 FAIL", key: "2c392a5eb1a9c705371beda3a901c7c61dca4d93b4291de1dd0dd15ec11ffc45",
        iv: "0723fb84a08f4ea09841f32a", plaintext: nil, aad: "140be561b6171eab942c486a94d33d43", ciphertext: "",
        tag: "aa0e1c9b57975bfc91aa137231977d2c"),
    GCMVector(
        name: "PTlen 128 AADlen 0 #0", key: "4c8ebfe1444ec1b2d503c6986659af2c94fafe945f72c1e8486a5acfedb8a0f8",
        iv: "473360e0ad24889959858995", plaintext: "7789b41cb3ee548814ca0b388c10b343", aad: "",
        ciphertext: "d2c78110ac7e8f107c0df0570bd7c90c", tag: "c26a379b6d98ef2852ead8ce83a833a7"),
    GCMVector(
        name: "PTlen 128 AADlen 0 #1", key: "3934f363fd9f771352c4c7a060682ed03c2864223a1573b3af997e2ababd60ab",
        iv: "efe2656d878c586e41c539c4", plaintext: "697aff2d6b77e5ed6232770e400c1ead", aad: "",
        ciphertext: "e0de64302ac2d04048d65a87d2ad09fe", tag: "33cbd8d2fb8a3a03e30c1eb1b53c1d99"),
    GCMVector(
        name: "PTlen 128 AADlen 0 #2 FAIL", key: "c997768e2d14e3d38259667a6649079de77beb4543589771e5068e6cd7cd0b14",
        iv: "835090aed9552dbdd45277e2", plaintext: nil, aad: "", ciphertext: "9f6607d68e22ccf21928db0986be126e",
        tag: "f32617f67c574fd9f44ef76ff880ab9f"),
    GCMVector(
        name: "PTlen 408 AADlen 160 #0 FAIL", key: "e9d381a9c413bee66175d5586a189836e5c20f5583535ab4d3f3e612dc21700e",
        iv: "23e81571da1c7821c681c7ca", plaintext: nil, aad: "6f39c9ae7b8e8a58a95f0dd8ea6a9087cbccdfd6",
        ciphertext: "a25f3f580306cd5065d22a6b7e9660110af7204bb77d370f7f34bee547feeff7b32a596fce29c9040e68b1589aad48da881990",
        tag: "5b6dcd70eefb0892fab1539298b92a4b"),
    GCMVector(
        name: "PTlen 408 AADlen 160 #1", key: "6450d4501b1e6cfbe172c4c8570363e96b496591b842661c28c2f6c908379cad",
        iv: "7e4262035e0bf3d60e91668a",
        plaintext: "17449e236ef5858f6d891412495ead4607bfae2a2d735182a2a0242f9d52fc5345ef912dbe16f3bb4576fe3bcafe336dee6085",
        aad: "f1c522f026e4c5d43851da516a1b78768ab18171",
        ciphertext: "5a99b336fd3cfd82f10fb08f7045012415f0d9a06bb92dcf59c6f0dbe62d433671aacb8a1c52ce7bbf6aea372bf51e2ba79406",
        tag: "fe93b01636f7bb0458041f213e98de65"),
    GCMVector(
        name: "PTlen 408 AADlen 160 #2", key: "90f2e71ccb1148979cb742efc8f921de95457d898c84ce28edeed701650d3a26",
        iv: "aba58ad60047ba553f6e4c98",
        plaintext: "1d21639640e11638a2769e3fab78778f84be3f4a8ce28dfd99cb2e75171e05ea8e94e30aa78b54bb402b39d613616a8ed951dc",
        aad: "2abe465df6e5be47f05b92c9a93d76ae3611fac5",
        ciphertext: "3fc77a5fe9203d091c7916587c9763cf2e4d0d53ca20b078b851716f1dab4873fe342b7b301402f015d00263bf3f77c58a99d6",
        tag: "9cb3d04637048bc0bddef803ffbb56cf"),
    GCMVector(
        name: "PTlen 104 AADlen 0 #0 FAIL", key: "8b37c4b8cf634704920059866ad96c49e9da502c63fca4a3a7a4dcec74cb0610",
        iv: "cb59344d2b06c4ae57cd0ea4", plaintext: nil, aad: "", ciphertext: "66ab935c93555e786b775637a3",
        tag: "d8733acbb564d8afaa99d7ca2e2f92a9"),
    GCMVector(
        name: "PTlen 104 AADlen 0 #1", key: "a71dac1377a3bf5d7fb1b5e36bee70d2e01de2a84a1c1009ba7448f7f26131dc",
        iv: "c5b60dda3f333b1146e9da7c", plaintext: "5b87141335f2becac1a559e05f", aad: "",
        ciphertext: "43af49ec1ae3738a20755034d6", tag: "6f80b6ef2d8830a55eb63680a8dff9e0"),
    GCMVector(
        name: "PTlen 104 AADlen 0 #2", key: "dc1f64681014be221b00793bbcf5a5bc675b968eb7a3a3d5aa5978ef4fa45ecc",
        iv: "056ae9a1a69e38af603924fe", plaintext: "2a7e05612191c8bce2f529dca9", aad: "",
        ciphertext: "33013a48d9ea0df2911d583271", tag: "5b8f9cc22303e979cd1524187e9f70fe")
]

/// AES-256-GCM (NIST SP 800-38D) against published known answers.
@Suite struct AESGCMVectorTests {
    @Test("SP 800-38D: seal reproduces NIST CAVP gcmEncryptExtIV256.rsp, and open returns the plaintext", arguments: cavpEncrypt256)
    func sp800_38D_cavpEncryptVectors(_ vector: GCMVector) throws {
        try checkKnownAnswer(vector)
    }

    @Test("SP 800-38D: open accepts NIST CAVP gcmDecrypt256.rsp passes and refuses every FAIL tag", arguments: cavpDecrypt256)
    func sp800_38D_cavpDecryptVectors(_ vector: GCMVector) throws {
        let key = hexBytes(vector.key), nonce = hexBytes(vector.iv), tag = hexBytes(vector.tag)
        // The FAIL cases are well formed: only the tag check can refuse them.
        #expect(key.count == 32 && nonce.count == 12 && tag.count == 16)
        let opened = AESGCM.open(key: key, nonce: nonce, aad: hexBytes(vector.aad), ciphertext: hexBytes(vector.ciphertext), tag: tag)
        #expect(opened == vector.plaintext.map(hexBytes))
    }

    // McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, Test Cases 13–18 (the
    // AES-256 cases), verbatim from aws/aws-lc crypto/fipsmodule/modes/gcm_tests.txt.
    static let mcGrewViega256: [GCMVector] = {
        let key = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308"
        let plaintext64 = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
        let plaintext60 = String(plaintext64.dropLast(8))
        let aad = "feedfacedeadbeeffeedfacedeadbeefabaddad2"
        return [
            GCMVector(
                name: "Test Case 13 (empty plaintext, no AAD)", key: String(repeating: "00", count: 32), iv: String(repeating: "00", count: 12),
                plaintext: "", aad: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
            GCMVector(
                name: "Test Case 14 (one zero block)", key: String(repeating: "00", count: 32), iv: String(repeating: "00", count: 12),
                plaintext: String(repeating: "00", count: 16), aad: "", ciphertext: "cea7403d4d606b6e074ec5d3baf39d18",
                tag: "d0d1c8a799996bf0265b98b5d48ab919"),
            GCMVector(
                name: "Test Case 15 (64 bytes, no AAD)", key: key, iv: "cafebabefacedbaddecaf888", plaintext: plaintext64, aad: "",
                ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
                tag: "b094dac5d93471bdec1a502270e3cc6c"),
            GCMVector(
                name: "Test Case 16 (60 bytes, 20 bytes AAD)", key: key, iv: "cafebabefacedbaddecaf888", plaintext: plaintext60, aad: aad,
                ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
                tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
            GCMVector(
                name: "Test Case 17 (64-bit IV)", key: key, iv: "cafebabefacedbad", plaintext: plaintext60, aad: aad,
                ciphertext: "c3762df1ca787d32ae47c13bf19844cbaf1ae14d0b976afac52ff7d79bba9de0feb582d33934a4f0954cc2363bc73f7862ac430e64abe499f47c9b1f",
                tag: "3a337dbf46a792c45e454913fe2ea8f2"),
            GCMVector(
                name: "Test Case 18 (480-bit IV)", key: key,
                iv: "9313225df88406e555909c5aff5269aa6a7a9538534f7da1e4c303d2a318a728c3c0c95156809539fcf0e2429a6b525416aedbf5a0de6a57a637b39b",
                plaintext: plaintext60, aad: aad,
                ciphertext: "5a8def2f0c9e53f1f75d7853659e2a20eeb2b22aafde6419a058ab4f6f746bf40fc0c3b780f244452da3ebf1c5d82cdea2418997200ef82e44ae7e3f",
                tag: "a44a8266ee1c8eb0c8b5d4cf5ae9f19a")
        ]
    }()

    @Test("SP 800-38D: McGrew–Viega GCM spec Test Cases 13–18 (AES-256)", arguments: mcGrewViega256)
    func sp800_38D_mcGrewViegaTestCases(_ vector: GCMVector) throws {
        try checkKnownAnswer(vector)
    }

    @Test("SP 800-38D §7.2: any change to key, nonce, AAD, ciphertext or tag makes open fail")
    func sp800_38D_anyChangeFailsAuthentication() throws {
        let vector = cavpEncrypt256[6]  // 51-byte plaintext, 20-byte AAD
        let key = hexBytes(vector.key), nonce = hexBytes(vector.iv), aad = hexBytes(vector.aad)
        let ciphertext = hexBytes(vector.ciphertext), tag = hexBytes(vector.tag)
        #expect(AESGCM.open(key: key, nonce: nonce, aad: aad, ciphertext: ciphertext, tag: tag) != nil)
        func flipped(_ bytes: [UInt8], _ index: Int) -> [UInt8] { var copy = bytes; copy[index] ^= 0x01; return copy }
        for i in key.indices { #expect(AESGCM.open(key: flipped(key, i), nonce: nonce, aad: aad, ciphertext: ciphertext, tag: tag) == nil) }
        for i in nonce.indices { #expect(AESGCM.open(key: key, nonce: flipped(nonce, i), aad: aad, ciphertext: ciphertext, tag: tag) == nil) }
        for i in aad.indices { #expect(AESGCM.open(key: key, nonce: nonce, aad: flipped(aad, i), ciphertext: ciphertext, tag: tag) == nil) }
        for i in ciphertext.indices { #expect(AESGCM.open(key: key, nonce: nonce, aad: aad, ciphertext: flipped(ciphertext, i), tag: tag) == nil) }
        for i in tag.indices { #expect(AESGCM.open(key: key, nonce: nonce, aad: aad, ciphertext: ciphertext, tag: flipped(tag, i)) == nil) }
        #expect(AESGCM.open(key: key, nonce: nonce, aad: [], ciphertext: ciphertext, tag: tag) == nil)
        #expect(AESGCM.open(key: key, nonce: nonce, aad: aad, ciphertext: Array(ciphertext.dropLast()), tag: tag) == nil)
        // Truncated tags (SP 800-38D §5.2.1.2 allows them; the vault does not) and wrong key sizes are refused.
        #expect(AESGCM.open(key: key, nonce: nonce, aad: aad, ciphertext: ciphertext, tag: Array(tag.prefix(12))) == nil)
        #expect(AESGCM.open(key: Array(key.prefix(16)), nonce: nonce, aad: aad, ciphertext: ciphertext, tag: tag) == nil)
        #expect(AESGCM.open(key: key, nonce: [], aad: aad, ciphertext: ciphertext, tag: tag) == nil)
    }

    @Test("SP 800-38D: a large multi-block message round-trips and stays authenticated")
    func sp800_38D_largeMessageRoundTrip() {
        let key = SecureRandom.bytes(32), nonce = SecureRandom.bytes(12)
        let plaintext = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let sealed = AESGCM.seal(key: key, nonce: nonce, aad: [1, 2, 3], plaintext: plaintext)
        #expect(sealed.ciphertext.count == plaintext.count && sealed.tag.count == 16)
        #expect(sealed.ciphertext != plaintext)
        #expect(AESGCM.open(key: key, nonce: nonce, aad: [1, 2, 3], ciphertext: sealed.ciphertext, tag: sealed.tag) == plaintext)
    }

    private func checkKnownAnswer(_ vector: GCMVector) throws {
        let plaintext = try #require(vector.plaintext.map(hexBytes))
        let key = hexBytes(vector.key), nonce = hexBytes(vector.iv), aad = hexBytes(vector.aad)
        let sealed = AESGCM.seal(key: key, nonce: nonce, aad: aad, plaintext: plaintext)
        #expect(sealed.ciphertext == hexBytes(vector.ciphertext))
        #expect(sealed.tag == hexBytes(vector.tag))
        #expect(AESGCM.open(key: key, nonce: nonce, aad: aad, ciphertext: hexBytes(vector.ciphertext), tag: hexBytes(vector.tag)) == plaintext)
    }
}
