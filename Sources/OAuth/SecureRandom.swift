import TokenVault

/// One-time values for the authorization request: the CSPRNG and SHA-256 are the vault's
/// (`VaultRandom`, OpenSSL underneath; DESIGN.md: one crypto library).
enum SecureRandom {
    /// A base64url token of `bits` random bits (rounded up to whole bytes).
    static func token(bits: Int) -> String {
        Base64URL.encode(VaultRandom.bytes((bits + 7) / 8))
    }

    /// SHA-256 of `bytes`, as raw octets.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        Hex.decode(VaultRandom.sha256Hex(bytes))!
    }
}
