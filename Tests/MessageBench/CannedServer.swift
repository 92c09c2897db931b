// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import PinnedHTTP
import Platform

/// A plain-HTTP/1.1 MCP server on 127.0.0.1 with canned answers, one thread per connection, so
/// that message-bench drives the shipped bridge (curl included) without TLS or Python. Its own
/// work per request is a header scan and one `write`; that work is in the measured numbers too.
///
/// - `initialize`: a JSON result (no session id, so nothing but the POSTs and one refused GET);
/// - a notification: 202;
/// - a request with a numeric id: an SSE body with a priming event and the echo result, or in
///   `big` mode a 1,000,000-character text result;
/// - GET: 405 (no server-initiated stream).
final class CannedServer: @unchecked Sendable {
    let port: UInt16
    private let listener: Int32
    private let bigCharacters: Int?

    init(bigCharacters: Int?) {
        self.bigCharacters = bigCharacters
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { Bench.fail("canned server: cannot listen on 127.0.0.1") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = UInt16(bigEndian: address.sin_port)
        guard DetachedThread.start({ [self] in self.acceptLoop() }) else { Bench.fail("canned server: no thread") }
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { if errno == EINTR { continue } else { return } }
            var one: Int32 = 1
            setsockopt(connection, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            _ = DetachedThread.start({ [self] in self.serve(connection) })
        }
    }

    private func serve(_ fd: Int32) {
        var reader = RequestReader(fd: fd)
        while let (isGET, body) = reader.next() {
            let answer = respond(isGET: isGET, body: body)
            guard Self.writeAll(fd, answer) else { break }
        }
        close(fd)
    }

    private func respond(isGET: Bool, body: ArraySlice<UInt8>) -> [UInt8] {
        if isGET { return Self.response(status: "405 Method Not Allowed", type: nil, body: []) }
        if Self.find(#""method":"initialize""#, in: body) != nil {
            let result =
                #"{"jsonrpc":"2.0","id":\#(Self.id(in: body) ?? 0),"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"canned","version":"1"}}}"#
            return Self.response(status: "200 OK", type: "application/json", body: Array(result.utf8))
        }
        guard let id = Self.id(in: body) else { return Self.response(status: "202 Accepted", type: nil, body: []) }
        return Self.response(
            status: "200 OK", type: "text/event-stream", body: bigCharacters.map { Self.bigAnswer(id: id, characters: $0) } ?? Self.echoAnswer(id))
    }

    static func echoAnswer(_ n: Int) -> [UInt8] {
        Array(
            ("id: \(2 * n)\r\ndata: \r\nretry: 200\r\n\r\nid: \(2 * n + 1)\r\nevent: message\r\n"
                + #"data: {"jsonrpc":"2.0","id":\#(n),"result":{"content":[{"text":"hello \#(n)","type":"text"}],"isError":false}}"# + "\r\n\r\n").utf8)
    }

    static func bigAnswer(id n: Int, characters: Int) -> [UInt8] {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var body = Array("id: 1\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":\(n),\"result\":{\"content\":[{\"text\":\"".utf8)
        body.reserveCapacity(characters + 200)
        for i in 0..<characters { body.append(alphabet[i % alphabet.count]) }
        return body + Array("\",\"type\":\"text\"}],\"isError\":false}}\r\n\r\n".utf8)
    }

    static func response(status: String, type: String?, body: [UInt8]) -> [UInt8] {
        var head = "HTTP/1.1 \(status)\r\nContent-Length: \(body.count)\r\n"
        if let type { head += "Content-Type: \(type)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// The numeric `"id":` of a JSON-RPC body, if it has one.
    static func id(in body: ArraySlice<UInt8>) -> Int? {
        guard var index = find(#""id":"#, in: body) else { return nil }
        index += 5
        let start = index
        var value = 0
        while index < body.endIndex, body[index] >= 0x30, body[index] <= 0x39 {
            value = value * 10 + Int(body[index] - 0x30)
            index += 1
        }
        return index > start ? value : nil
    }

    /// Where `needle` starts in `haystack` (memchr and memcmp: the harness's own work stays small).
    static func find(_ needle: StaticString, in haystack: ArraySlice<UInt8>) -> Int? {
        let count = needle.utf8CodeUnitCount
        return haystack.withUnsafeBytes { bytes -> Int? in
            guard let base = bytes.baseAddress, bytes.count >= count else { return nil }
            let first = Int32(needle.utf8Start.pointee)
            var offset = 0
            while offset + count <= bytes.count, let hit = memchr(base + offset, first, bytes.count - offset - count + 1) {
                let at = UnsafeRawPointer(hit) - base
                if memcmp(base + at, needle.utf8Start, count) == 0 { return haystack.startIndex + at }
                offset = at + 1
            }
            return nil
        }
    }

    /// Platform's `Syscall.writeAll`, as a success flag (a closed peer ends the bench's loops).
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        (try? Syscall.writeAll(fd, bytes)) != nil
    }
}

/// A fixed 4 MiB buffer over a descriptor: the unread bytes are `unread`; `fill` moves them to
/// the front and reads more (Platform's `Syscall.read`). The bench's editor and server both use it.
struct ReadWindow {
    let fd: Int32
    private(set) var buffer = [UInt8](repeating: 0, count: 4 << 20)
    private(set) var start = 0
    private(set) var end = 0

    init(fd: Int32) { self.fd = fd }

    var unread: ArraySlice<UInt8> { buffer[start..<end] }

    /// Marks everything before `index` as read.
    mutating func consume(upTo index: Int) { start = index }

    /// False when the peer closed, on an error, or when the buffer is full.
    mutating func fill() -> Bool {
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start) }
            end -= start
            start = 0
        }
        guard end < buffer.count else { return false }
        let n = buffer.withUnsafeMutableBytes { raw in Syscall.read(fd, into: UnsafeMutableRawBufferPointer(rebasing: raw[end...])) }
        guard n > 0 else { return false }
        end += n
        return true
    }
}

/// Reads requests from one connection: the head up to CRLFCRLF, then a `Content-Length` body.
struct RequestReader {
    private var window: ReadWindow

    init(fd: Int32) { window = ReadWindow(fd: fd) }

    /// (is it a GET, its body); nil when the peer closed.
    mutating func next() -> (Bool, ArraySlice<UInt8>)? {
        var headEnd: Int?
        while true {
            headEnd = CannedServer.find("\r\n\r\n", in: window.unread)
            if headEnd != nil { break }
            guard window.fill() else { return nil }
        }
        let head = window.buffer[window.start..<headEnd!]
        let isGET = head.starts(with: "GET ".utf8)
        var length = 0
        if let field = CannedServer.find("Content-Length: ", in: head) {
            var index = field + 16
            while index < head.endIndex, head[index] >= 0x30, head[index] <= 0x39 {
                length = length * 10 + Int(head[index] - 0x30)
                index += 1
            }
        }
        // Offsets from the first unread byte survive `fill`, which moves the unread bytes to the front.
        let bodyOffset = headEnd! + 4 - window.start
        while window.unread.count < bodyOffset + length {
            guard window.fill() else { return nil }
        }
        let bodyStart = window.start + bodyOffset
        window.consume(upTo: bodyStart + length)
        return (isGET, window.buffer[bodyStart..<bodyStart + length])
    }
}
