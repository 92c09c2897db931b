// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CCurl
import COpenSSL
import Glibc

/// The system's trust anchors, where libcurl was built to find them.
enum SystemTrust {
    /// The hashed certificate directory and the PEM bundle (Debian: /etc/ssl/certs and
    /// /etc/ssl/certs/ca-certificates.crt); either may be nil.
    static func locations() -> (directory: String?, bundle: String?) {
        guard let easy = curl_easy_init() else { return (nil, nil) }
        defer { curl_easy_cleanup(easy) }
        func info(_ what: CURLINFO) -> String? {
            var path: UnsafePointer<CChar>? = nil
            guard ccurl_getinfo_str(easy, what, &path) == CURLE_OK, let path else { return nil }
            return String(cString: path)
        }
        return (info(CURLINFO_CAPATH), info(CURLINFO_CAINFO))
    }
}

/// The anchors one engine trusts — the system's plus the policy's extra ones — in one OpenSSL
/// store shared by all its connections. The system's come from the hashed directory, looked up
/// per issuer when a chain is verified, so no connection parses the whole CA bundle.
final class TrustStore: @unchecked Sendable {
    /// The X509_STORE; each connection's SSL_CTX takes its own reference.
    let store: UnsafeMutableRawPointer

    init(extraAnchorsPEM: [UInt8]?) throws(HTTPError) {
        let system = SystemTrust.locations()
        var error = [CChar](repeating: 0, count: 256)
        let made: UnsafeMutableRawPointer? = error.withUnsafeMutableBufferPointer { message in
            if let pem = extraAnchorsPEM {
                return pem.withUnsafeBytes { raw in
                    cossl_trust_store_new(
                        system.directory, system.bundle, raw.baseAddress?.assumingMemoryBound(to: CChar.self), raw.count,
                        message.baseAddress, message.count)
                }
            }
            return cossl_trust_store_new(system.directory, system.bundle, nil, 0, message.baseAddress, message.count)
        }
        guard let made else {
            throw HTTPError(code: .tls, host: "", message: String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        store = made
    }

    deinit { cossl_trust_store_free(store) }
}

/// libcurl's version and TLS backend, for `--debug`.
public func ccurlVersion() -> UnsafePointer<CChar> { ccurl_version() }
public func ccurlSSLVersion() -> UnsafePointer<CChar> { ccurl_ssl_version() }
