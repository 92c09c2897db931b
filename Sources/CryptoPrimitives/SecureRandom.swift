// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import COpenSSL

/// The primitives the vault and the OAuth client share, from the one crypto library (OpenSSL;
/// DESIGN.md): the CSPRNG, wiping, SHA-256 and base16. A CryptoKit backend slots in here.
public enum SecureRandom {
    /// `count` bytes from OpenSSL's CSPRNG (RAND_bytes); the process stops rather than go on
    /// without randomness.
    public static func bytes(_ count: Int) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: count)
        guard cossl_random_bytes(&output, count) == 1 else { fatalError("OpenSSL's random generator failed") }
        return output
    }

    /// Zeroes key material in place (OPENSSL_cleanse: not optimized away).
    public static func wipe(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { cossl_cleanse($0.baseAddress, $0.count) }
    }
}
