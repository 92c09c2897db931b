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

    public init?(digest: [UInt8]) {
        guard digest.count == 32 else { return nil }
        self.digest = digest
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

    public var description: String { "sha256/" + Data(digest).base64EncodedString() }
}
