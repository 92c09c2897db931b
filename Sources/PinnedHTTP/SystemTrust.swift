import CCurl
import Glibc

/// The system's trust anchors, as libcurl would load them by default.
enum SystemTrust {
    /// The PEM bundle curl was built to use (Debian: /etc/ssl/certs/ca-certificates.crt), or empty.
    static func bundle() -> [UInt8] {
        guard let easy = curl_easy_init() else { return [] }
        defer { curl_easy_cleanup(easy) }
        var path: UnsafePointer<CChar>? = nil
        guard ccurl_getinfo_str(easy, CURLINFO_CAINFO, &path) == CURLE_OK, let path else { return [] }
        return (try? FileBytes.read(String(cString: path), limit: 16 << 20)) ?? []
    }
}

/// Reads a whole regular file with POSIX calls, refusing files over `limit`.
public enum FileBytes {
    public struct ReadError: Error, Sendable, CustomStringConvertible {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    public static func read(_ path: String, limit: Int) throws(ReadError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ReadError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw ReadError(path: path, reason: "not a regular file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw ReadError(path: path, reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { throw ReadError(path: path, reason: "larger than \(limit) bytes") }
        }
        return bytes
    }
}

/// libcurl's version and TLS backend, for `--debug`.
public func ccurlVersion() -> UnsafePointer<CChar> { ccurl_version() }
public func ccurlSSLVersion() -> UnsafePointer<CChar> { ccurl_ssl_version() }
