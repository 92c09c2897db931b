// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import COpenSSL
import FoundationEssentials

/// A pin: SHA-256 of a certificate's DER SubjectPublicKeyInfo, written `sha256/BASE64`
/// (the form `openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64` prints).
/// A pin matches when any certificate of the verified chain carries that key.
public struct SPKIPin: Hashable, Sendable, CustomStringConvertible {
    public let digest: [UInt8]

    public init?(_ text: String) {
        guard text.hasPrefix("sha256/"), let data = Data(base64Encoded: String(text.dropFirst(7))), data.count == 32 else { return nil }
        digest = Array(data)
    }

    /// The pin of the first certificate in a PEM buffer.
    public init?(certificatePEM pem: [UInt8]) {
        var out = [UInt8](repeating: 0, count: Int(COSSL_SPKI_DIGEST_LENGTH))
        let ok = pem.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cossl_spki_sha256_of_pem($0.baseAddress, $0.count, &out) }
        }
        guard ok == 1 else { return nil }
        digest = out
    }

    /// The pins of every certificate in a PEM bundle (unparseable blocks are skipped).
    public static func all(inPEM pem: [UInt8]) -> [SPKIPin] {
        let begin = Array("-----BEGIN CERTIFICATE-----".utf8), end = Array("-----END CERTIFICATE-----".utf8)
        var pins: [SPKIPin] = []
        var cursor = pem.startIndex
        while let start = find(begin, in: pem[cursor...]), let stop = find(end, in: pem[start.upperBound...]) {
            if let pin = SPKIPin(certificatePEM: Array(pem[start.lowerBound..<stop.upperBound]) + [0x0A]) { pins.append(pin) }
            cursor = stop.upperBound
        }
        return pins
    }

    private static func find(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Range<Int>? {
        guard needle.count <= hay.count else { return nil }
        var index = hay.startIndex
        while index + needle.count <= hay.endIndex {
            if hay[index] == needle[0] && hay[index..<index + needle.count].elementsEqual(needle) { return index..<index + needle.count }
            index += 1
        }
        return nil
    }

    public var description: String { "sha256/" + Data(digest).base64EncodedString() }
}
