// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import HTTPGrammar

/// Reads the head of one HTTP request to the callback port and decides whether it is a
/// callback: pure, bytes in and an outcome out, so every rule is tested without a socket.
///
/// The checks, in order (the first failure wins):
/// 1. The head ends with an empty line within `maxHeadBytes` (8 KiB), else 431 (RFC 6585 §5).
///    Lines end in CRLF; a bare LF is tolerated (RFC 9112 §2.2). A CR not followed by LF, NUL or
///    any other control character (HTAB only inside header values) rejects the request at once,
///    even before the head is complete, so binary garbage such as a TLS ClientHello is not
///    held open until the deadline.
/// 2. Request line `method SP request-target SP HTTP-version` with single spaces (RFC 9112 §3),
///    a token method, HTTP/1.1 or HTTP/1.0, and an origin-form target (RFC 9112 §3.2.1):
///    `*`, absolute-form and authority-form are refused, so `GET http://evil/oauth/callback`
///    is never taken for the callback.
/// 3. Header lines `token ":" OWS value OWS` (RFC 9112 §5.1, RFC 9110 §5.6.2); whitespace before
///    the colon and obsolete line folding are rejected (RFC 9112 §5.1, §5.2).
/// 4. Exactly one `Host`, equal to the redirect URI's `HOST:PORT` (RFC 9112 §3.2; bare `HOST` on
///    port 80), where HOST is `127.0.0.1` unless `--host` chose `localhost` or `[::1]`. A page on
///    another origin that rebinds its name to 127.0.0.1 sends its own name here, so DNS
///    rebinding is refused.
/// 5. Method GET, else 405; path equal to the expected one byte for byte, else 404.
/// 6. The query decodes under `CallbackQuery`'s rules.
enum CallbackRequest {
    /// The largest request head accepted, request line and terminating empty line included.
    static let maxHeadBytes = 8192

    enum Outcome: Sendable, Equatable {
        /// No complete head yet, and nothing wrong so far: read more.
        case incomplete
        /// Answer with the rejection's status and keep waiting for the real callback.
        case rejected(Rejection)
        /// A GET of the callback path with a well-formed query, ready for `CallbackValidator`.
        case callback(CallbackQuery)
    }

    static func parse(
        _ bytes: [UInt8],
        listeningPort: UInt16,
        host: LoopbackHost = .ipv4,
        path: String = CallbackExpectation.defaultPath,
        maxHeadBytes: Int = CallbackRequest.maxHeadBytes
    ) -> Outcome {
        var lines: [Range<Int>] = []
        var lineStart = 0
        var index = 0
        while index < bytes.count {
            if index >= maxHeadBytes { return .rejected(.headTooLarge) }
            let malformed: Rejection = lines.isEmpty ? .malformedRequestLine : .malformedHeader
            switch bytes[index] {
            case HTTPGrammar.lf:
                var end = index
                if end > lineStart, bytes[end - 1] == HTTPGrammar.cr { end -= 1 }
                if end == lineStart {
                    guard !lines.isEmpty else { return .rejected(.malformedRequestLine) }
                    return interpret(bytes, lines: lines, listeningPort: listeningPort, host: host, path: path)
                }
                lines.append(lineStart..<end)
                lineStart = index + 1
            case HTTPGrammar.cr:
                if index + 1 < bytes.count, bytes[index + 1] != HTTPGrammar.lf { return .rejected(malformed) }
            case HTTPGrammar.tab:
                if lines.isEmpty { return .rejected(.malformedRequestLine) }
            case 0x00..<0x20, 0x7F:
                return .rejected(malformed)
            default:
                break
            }
            index += 1
        }
        return bytes.count >= maxHeadBytes ? .rejected(.headTooLarge) : .incomplete
    }

    /// Applies rules 2 to 6 to a complete head split into lines (without their line ends).
    private static func interpret(_ bytes: [UInt8], lines: [Range<Int>], listeningPort: UInt16, host: LoopbackHost, path: String) -> Outcome {
        let requestLine = bytes[lines[0]]
        let parts = requestLine.split(separator: HTTPGrammar.space, omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else { return .rejected(.malformedRequestLine) }
        let (method, target, version) = (parts[0], parts[1], parts[2])

        guard method.allSatisfy(HTTPGrammar.isTokenCharacter) else { return .rejected(.malformedRequestLine) }
        guard version.elementsEqual("HTTP/1.1".utf8) || version.elementsEqual("HTTP/1.0".utf8) else {
            return .rejected(version.starts(with: "HTTP/".utf8) ? .unsupportedVersion : .malformedRequestLine)
        }
        guard target.allSatisfy({ HTTPGrammar.isVisible($0) && $0 != UInt8(ascii: "#") }) else {
            return .rejected(.malformedRequestLine)
        }
        guard target.first == UInt8(ascii: "/") else { return .rejected(.notOriginForm) }

        var hosts: [ArraySlice<UInt8>] = []
        for line in lines.dropFirst() {
            guard let field = headerField(bytes[line]) else { return .rejected(.malformedHeader) }
            if HTTPGrammar.equalsIgnoringCase(field.name, "host") { hosts.append(field.value) }
        }
        guard hosts.count == 1, host.acceptsHostField(hosts[0], port: listeningPort) else { return .rejected(.wrongHost) }

        guard method.elementsEqual("GET".utf8) else { return .rejected(.methodNotAllowed) }
        let questionMark = target.firstIndex(of: UInt8(ascii: "?"))
        let targetPath = target[target.startIndex..<(questionMark ?? target.endIndex)]
        guard targetPath.elementsEqual(path.utf8) else { return .rejected(.wrongPath) }

        let rawQuery = questionMark.map { target[($0 + 1)...] } ?? []
        guard let query = CallbackQuery.decode(rawQuery) else { return .rejected(.malformedQuery) }
        return .callback(query)
    }

    /// Splits `name ":" OWS value OWS`; nil for folding, a missing colon or a non-token name.
    private static func headerField(_ line: ArraySlice<UInt8>) -> (name: ArraySlice<UInt8>, value: ArraySlice<UInt8>)? {
        guard let first = line.first, !HTTPGrammar.isWhitespace(first),
            let colon = line.firstIndex(of: UInt8(ascii: ":"))
        else { return nil }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(HTTPGrammar.isTokenCharacter) else { return nil }
        var value = line[(colon + 1)...]
        while let head = value.first, HTTPGrammar.isWhitespace(head) { value = value.dropFirst() }
        while let tail = value.last, HTTPGrammar.isWhitespace(tail) { value = value.dropLast() }
        return (name, value)
    }
}
