// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import MCPFraming

/// How the key of a sealed file is had; written in the file's header.
public enum KeySource: Sendable, Equatable {
    case secretService
    case keychain
    case keyFile
    case passphrase(ScryptParameters)

    public var name: String {
        switch self {
        case .secretService: "secret-service"
        case .keychain: "keychain"
        case .keyFile: "key-file"
        case .passphrase: "passphrase"
        }
    }
}

/// The vault's file format, version 1 (pure: bytes in, values out).
///
///     "MWVAULT\n"  u32 big-endian header length  header (JSON)  ciphertext  tag (16)
///
/// The header names the format version, the entry key, the key source (scrypt parameters
/// included) and the 96-bit nonce. Everything before the ciphertext is the AES-GCM associated
/// data, so the header cannot be changed, and a file cannot be moved to another entry, without
/// the tag failing.
public struct SealedFile: Sendable, Equatable {
    public static let magic: [UInt8] = Array("MWVAULT\n".utf8)
    public static let version = 1
    static let maxHeader = 16 * 1024
    public static let maxFile = 8 * 1024 * 1024

    public let key: EntryKey
    public let source: KeySource
    public let nonce: [UInt8]
    /// Seconds since the Unix epoch at sealing (shown by `status`; authenticated).
    public let written: Int
    /// 64 bits that tell a wrong key from a damaged file (`SealedFile.check(of:)`).
    public let keyCheck: [UInt8]
    let aad: [UInt8]
    let ciphertext: [UInt8]
    let tag: [UInt8]

    /// Seals `plaintext` for `key` with a fresh random nonce.
    public static func seal(_ plaintext: [UInt8], key entry: EntryKey, source: KeySource, with secret: [UInt8], written: Int) -> [UInt8] {
        let nonce = SecureRandom.bytes(AESGCM.nonceLength)
        let aad = prefix(header(entry, source: source, nonce: nonce, written: written, check: check(of: secret)))
        let sealed = AESGCM.seal(key: secret, nonce: nonce, aad: aad, plaintext: plaintext)
        return aad + sealed.ciphertext + sealed.tag
    }

    /// Reads the clear part of a file. Throws `.damaged` on anything malformed.
    public static func parse(_ bytes: [UInt8]) throws(VaultError) -> SealedFile {
        guard bytes.count <= maxFile else { throw damaged("is larger than \(maxFile) bytes") }
        guard bytes.count >= magic.count + 4, Array(bytes[0..<magic.count]) == magic else { throw damaged("is not an mcp-warden vault file") }
        let length = bytes[magic.count..<magic.count + 4].reduce(0) { $0 << 8 | Int($1) }
        let start = magic.count + 4
        guard length > 0, length <= maxHeader, bytes.count >= start + length + AESGCM.tagLength else { throw damaged("is truncated") }
        guard let header = try? JSONParser.parse(Array(bytes[start..<start + length]), maxDepth: 4).objectValue else {
            throw damaged("has an unreadable header")
        }
        guard header["format"]?.intValue == version else {
            throw damaged("has format \(header["format"]?.numberLiteral ?? "?"), not \(version)")
        }
        guard let resource = header["resource"]?.stringValue, let issuer = header["issuer"]?.stringValue,
            let nonce = header["nonce"]?.stringValue.flatMap(Hex.decode), nonce.count == AESGCM.nonceLength,
            let written = header["written"]?.intValue,
            let keyCheck = header["check"]?.stringValue.flatMap(Hex.decode), keyCheck.count == 8, let keyObject = header["key"]?.objectValue,
            let source = keySource(keyObject)
        else {
            throw damaged("has an incomplete header")
        }
        // "server" came with issue 13; a file without it is an older entry (see `EntryKey`).
        let server = header["server"]?.stringValue ?? ""
        guard header["server"] == nil || !server.isEmpty else { throw damaged("has an incomplete header") }
        let variant = header["variant"]?.stringValue ?? ""
        guard header["variant"] == nil || (!variant.isEmpty && !server.isEmpty) else { throw damaged("has an incomplete header") }
        let body = start + length
        return SealedFile(
            key: EntryKey(server: server, resource: resource, issuer: issuer, variant: variant), source: source, nonce: nonce, written: written,
            keyCheck: keyCheck,
            aad: Array(bytes[0..<body]), ciphertext: Array(bytes[body..<bytes.count - AESGCM.tagLength]),
            tag: Array(bytes[(bytes.count - AESGCM.tagLength)...]))
    }

    /// The plaintext, or nil when the tag does not verify.
    public func open(with secret: [UInt8]) -> [UInt8]? {
        AESGCM.open(key: secret, nonce: nonce, aad: aad, ciphertext: ciphertext, tag: tag)
    }

    /// The first 64 bits of SHA-256 over a label and the key: reveals nothing usable about a
    /// 256-bit key, and lets a wrong key or passphrase be named as such.
    public static func check(of secret: [UInt8]) -> [UInt8] {
        Array(Hex.decode(Digest.sha256Hex(Array("mcp-warden vault key check".utf8) + [0] + secret))!.prefix(8))
    }

    /// True when `secret` is the key the file was sealed with (before the tag says so).
    public func isSealed(with secret: [UInt8]) -> Bool {
        Self.check(of: secret) == keyCheck
    }

    static func header(_ entry: EntryKey, source: KeySource, nonce: [UInt8], written: Int, check: [UInt8]) -> [UInt8] {
        var key: JSONObject = ["provider": .string(source.name)]
        if case .passphrase(let scrypt) = source {
            key = JSONObject([
                ("provider", .string(source.name)), ("kdf", .string("scrypt")), ("n", .integer(Int(scrypt.n))),
                ("r", .integer(Int(scrypt.r))), ("p", .integer(Int(scrypt.p))), ("salt", .string(Hex.encode(scrypt.salt)))
            ])
        }
        var members: [(key: String, value: JSONValue)] = [("format", .integer(version))]
        if !entry.server.isEmpty { members.append(("server", .string(entry.server))) }
        if !entry.variant.isEmpty { members.append(("variant", .string(entry.variant))) }
        return JSONValue.object(
            JSONObject(
                members + [
                    ("resource", .string(entry.resource)), ("issuer", .string(entry.issuer)),
                    ("key", .object(key)), ("nonce", .string(Hex.encode(nonce))), ("written", .integer(written)),
                    ("check", .string(Hex.encode(check)))
                ])
        ).serialized()
    }

    static func prefix(_ header: [UInt8]) -> [UInt8] {
        let n = header.count
        return magic + [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + header
    }

    static func keySource(_ object: JSONObject) -> KeySource? {
        switch object["provider"]?.stringValue {
        case "secret-service": return .secretService
        case "keychain": return .keychain
        case "key-file": return .keyFile
        case "passphrase":
            guard object["kdf"]?.stringValue == "scrypt", let n = object["n"]?.intValue, let r = object["r"]?.intValue,
                let p = object["p"]?.intValue, n > 0, r > 0, p > 0,
                let salt = object["salt"]?.stringValue.flatMap(Hex.decode)
            else { return nil }
            let parameters = ScryptParameters(n: UInt64(n), r: UInt64(r), p: UInt64(p), salt: salt)
            return parameters.isAcceptable ? .passphrase(parameters) : nil
        default: return nil
        }
    }

    static func damaged(_ what: String) -> VaultError {
        VaultError(.damaged, what)
    }
}
