import COpenSSL

/// Randomness and hashing from OpenSSL (DESIGN.md: one crypto library).
enum SecureRandom {
    /// `count` bytes from the CSPRNG. A failing generator is not recoverable: nothing secret may
    /// be made from weaker randomness, so this stops the process.
    static func bytes(_ count: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        guard cossl_random_bytes(&output, count) == 1 else { fatalError("OpenSSL's random generator failed") }
        return output
    }

    /// A base64url token of `bits` random bits (rounded up to whole bytes).
    static func token(bits: Int) -> String {
        Base64URL.encode(bytes((bits + 7) / 8))
    }
}

enum SHA256 {
    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(COSSL_SHA256_LENGTH))
        let ok = bytes.withUnsafeBytes { cossl_sha256($0.baseAddress, $0.count, &output) }
        precondition(ok == 1, "OpenSSL's SHA-256 failed")
        return output
    }
}
