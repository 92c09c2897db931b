// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

@testable import OAuth
@testable import TokenVault

/// What the token vault reads back from disk: files another process or a damaged disk may have
/// changed (DESIGN invariant 7), and mcp-remote's plaintext cache, imported once.
enum VaultTargets {
    /// Agreement: a decoded entry encodes to bytes that decode to the same grant, and encoding is
    /// then a fixed point (nothing is lost or invented between `login` and the next start).
    static let storedGrant = FuzzTarget(name: "stored-grant", checks: "decode(encode(decode)) = decode; encode is a fixed point") { bytes in
        guard let grant = try? StoredGrant.decode(bytes) else { return }
        let encoded = grant.encoded()
        guard let again = try? StoredGrant.decode(encoded) else { return require(false, "an encoded grant does not decode") }
        require(again == grant, "encode → decode changes the grant")
        require(again.encoded() == encoded, "encoding is not a fixed point")
    }

    /// Agreement: the clear part of an accepted file, written again by `SealedFile`'s own header
    /// writer around the same ciphertext and tag, parses to the same values (entry key, key
    /// source with its scrypt parameters, nonce, time, key check); accepted parameters are ones
    /// `ScryptParameters.isAcceptable` allows, the nonce is 96 bits and the check 64.
    static let sealedFile = FuzzTarget(name: "sealed-file", checks: "parse(rewrite(parse)) = parse (all but the AAD bytes); nonce 12, check 8 bytes") { bytes in
        guard let file = try? SealedFile.parse(bytes) else { return }
        require(file.nonce.count == 12 && file.keyCheck.count == 8 && file.tag.count == 16, "wrong nonce, check or tag length")
        if case .passphrase(let scrypt) = file.source { require(scrypt.isAcceptable, "accepted unacceptable scrypt parameters") }
        let header = SealedFile.header(file.key, source: file.source, nonce: file.nonce, written: file.written, check: file.keyCheck)
        let rewritten = SealedFile.prefix(header) + file.ciphertext + file.tag
        guard let again = try? SealedFile.parse(rewritten) else { return require(false, "a rewritten header does not parse") }
        require(
            again.key == file.key && again.source == file.source && again.nonce == file.nonce && again.written == file.written
                && again.keyCheck == file.keyCheck && again.ciphertext == file.ciphertext && again.tag == file.tag, "rewriting the header changes the file")
    }

    /// mcp-remote's files (`<md5>_tokens.json`, `<md5>_client_info.json`) and names: invariants of
    /// what the import accepts: a non-empty access token or client id, a supported auth method,
    /// non-negative times; a classified name starts with its 32-hex-digit hash. Input: byte 0 bit 0
    /// picks the file kind; the rest is the file and, as text, a file name.
    static let mcpRemoteCache = FuzzTarget(name: "mcp-remote-cache", checks: "accepted tokens/client info well-formed; classify(name) ⇒ 32 lowercase hex + _") {
        bytes in
        var input = FuzzInput(bytes)
        let kind = input.byte()
        let file = input.rest()
        if kind & 1 == 0 {
            if let tokens = try? MCPRemoteCache.parseTokens(file, path: "fuzz") {
                require(!tokens.accessToken.isEmpty && tokens.refreshToken != "", "accepted an empty token")
                require((tokens.expiresIn ?? 0) >= 0 && (tokens.expiresAtMilliseconds ?? 0) >= 0, "accepted a negative time")
                require(!tokens.scopes.contains(""), "an empty scope")
            }
        } else if let client = try? MCPRemoteCache.parseClientInfo(file, path: "fuzz") {
            require(!client.clientID.isEmpty && client.clientSecret != "", "accepted an empty client id or secret")
            require(["none", "client_secret_post", "client_secret_basic"].contains(client.tokenEndpointAuthMethod), "accepted an unknown auth method")
        }
        let name = String(decoding: file, as: UTF8.self)
        if let (hash, _) = MCPRemoteCache.classify(name) {
            require(
                hash.utf8.count == 32 && hash.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
                    && name.hasPrefix(hash + "_"), "classified a name without its hash")
        }
    }
}
