// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import COpenSSL

/// Digests from OpenSSL.
public enum Digest {
    /// SHA-256 (FIPS 180-4).
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(COSSL_SHA256_LENGTH))
        let ok = bytes.withUnsafeBytes { cossl_sha256($0.baseAddress, $0.count, &output) }
        precondition(ok == 1, "OpenSSL's SHA-256 failed")
        return output
    }

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        Hex.encode(sha256(bytes))
    }

    /// MD5 (RFC 1321): never for security, only to find mcp-remote's cache files by their names.
    public static func md5Hex(_ bytes: [UInt8]) -> String {
        var output = [UInt8](repeating: 0, count: 16)
        let ok = bytes.withUnsafeBytes { cossl_md5($0.baseAddress, $0.count, &output) }
        precondition(ok == 1, "OpenSSL's MD5 failed")
        return Hex.encode(output)
    }
}
