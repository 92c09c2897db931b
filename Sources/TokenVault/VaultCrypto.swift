// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import COpenSSL
import CryptoPrimitives

/// AES-256-GCM (NIST SP 800-38D) from OpenSSL: 256-bit key, a 16-byte tag.
public enum AESGCM {
    public static let keyLength = Int(COSSL_AES256_KEY_LENGTH)
    public static let tagLength = Int(COSSL_GCM_TAG_LENGTH)
    /// The nonce length the vault uses (96 bits, SP 800-38D §8.2.2 with a fresh random nonce per write).
    public static let nonceLength = 12

    public static func seal(key: [UInt8], nonce: [UInt8], aad: [UInt8], plaintext: [UInt8]) -> (ciphertext: [UInt8], tag: [UInt8]) {
        precondition(key.count == keyLength && !nonce.isEmpty, "AES-256-GCM needs a 32-byte key and a nonce")
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 1)
        var tag = [UInt8](repeating: 0, count: tagLength)
        let ok = key.withUnsafeBufferPointer { k in
            nonce.withUnsafeBufferPointer { n in
                aad.withUnsafeBufferPointer { a in
                    plaintext.withUnsafeBufferPointer { p in
                        cossl_aes256gcm_seal(k.baseAddress, n.baseAddress, n.count, a.baseAddress, a.count, p.baseAddress, p.count, &ciphertext, &tag)
                    }
                }
            }
        }
        precondition(ok == 1, "OpenSSL's AES-256-GCM failed")
        ciphertext.removeLast()
        return (ciphertext, tag)
    }

    /// The plaintext, or nil when the tag does not verify (wrong key, tampering, corruption).
    public static func open(key: [UInt8], nonce: [UInt8], aad: [UInt8], ciphertext: [UInt8], tag: [UInt8]) -> [UInt8]? {
        guard key.count == keyLength, !nonce.isEmpty, tag.count == tagLength else { return nil }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 1)
        let result = key.withUnsafeBufferPointer { k in
            nonce.withUnsafeBufferPointer { n in
                aad.withUnsafeBufferPointer { a in
                    ciphertext.withUnsafeBufferPointer { c in
                        tag.withUnsafeBufferPointer { t in
                            cossl_aes256gcm_open(
                                k.baseAddress, n.baseAddress, n.count, a.baseAddress, a.count, c.baseAddress, c.count, t.baseAddress, &plaintext)
                        }
                    }
                }
            }
        }
        guard result == 1 else {
            SecureRandom.wipe(&plaintext)
            return nil
        }
        plaintext.removeLast()
        return plaintext
    }
}

/// scrypt (RFC 7914) for `MCP_WARDEN_PASSPHRASE`.
public struct ScryptParameters: Sendable, Hashable {
    public let n: UInt64
    public let r: UInt64
    public let p: UInt64
    public let salt: [UInt8]

    public init(n: UInt64, r: UInt64, p: UInt64, salt: [UInt8]) {
        self.n = n
        self.r = r
        self.p = p
        self.salt = salt
    }

    /// What new files use: N = 2^15, r = 8, p = 1 (32 MiB, RFC 7914 §2's interactive range).
    public static func fresh() -> ScryptParameters {
        ScryptParameters(n: 1 << 15, r: 8, p: 1, salt: SecureRandom.bytes(16))
    }

    /// Bounds on what a file header may ask for: a hostile header must not make us spend
    /// gigabytes or minutes.
    public var isAcceptable: Bool {
        n >= 2 && n & (n - 1) == 0 && n <= 1 << 20 && r >= 1 && r <= 32 && p >= 1 && p <= 16
            && 128 * r * n <= 1 << 30 && n * r * p <= 1 << 22 && salt.count >= 8 && salt.count <= 64
    }

    public func derive(passphrase: [UInt8], length: Int = AESGCM.keyLength) -> [UInt8]? {
        guard isAcceptable else { return nil }
        var out = [UInt8](repeating: 0, count: length)
        let ok = passphrase.withUnsafeBufferPointer { pass in
            salt.withUnsafeBufferPointer { s in
                cossl_scrypt(pass.baseAddress, pass.count, s.baseAddress, s.count, n, r, p, 1 << 31, &out, out.count)
            }
        }
        return ok == 1 ? out : nil
    }
}
