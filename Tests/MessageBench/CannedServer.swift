import Glibc
import PinnedHTTP

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
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            guard let (head, body) = Self.nextRequest(&pending, fd: fd, buffer: &buffer) else { close(fd); return }
            let answer = respond(head: head, body: body)
            guard Self.writeAll(fd, answer) else { close(fd); return }
        }
    }

    private func respond(head: String, body: [UInt8]) -> [UInt8] {
        if head.hasPrefix("GET ") { return Self.response(status: "405 Method Not Allowed", type: nil, body: []) }
        if body.firstRange(of: Array(#""method":"initialize""#.utf8)) != nil {
            let result = #"{"jsonrpc":"2.0","id":\#(Self.id(in: body) ?? 0),"result":{"protocolVersion":"2025-06-18","capabilities":{"tools":{}},"serverInfo":{"name":"canned","version":"1"}}}"#
            return Self.response(status: "200 OK", type: "application/json", body: Array(result.utf8))
        }
        guard let id = Self.id(in: body) else { return Self.response(status: "202 Accepted", type: nil, body: []) }
        return Self.response(status: "200 OK", type: "text/event-stream", body: bigCharacters.map { Self.bigAnswer(id: id, characters: $0) } ?? Self.echoAnswer(id))
    }

    static func echoAnswer(_ n: Int) -> [UInt8] {
        Array(("id: \(2 * n)\r\ndata: \r\nretry: 200\r\n\r\nid: \(2 * n + 1)\r\nevent: message\r\n"
            + #"data: {"jsonrpc":"2.0","id":\#(n),"result":{"content":[{"text":"hello \#(n)","type":"text"}],"isError":false}}"# + "\r\n\r\n").utf8)
    }

    static func bigAnswer(id n: Int, characters: Int) -> [UInt8] {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
        var body = Array("id: 1\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":\(n),\"result\":{\"content\":[{\"text\":\"".utf8)
        body.reserveCapacity(characters + 200)
        for i in 0 ..< characters { body.append(alphabet[i % alphabet.count]) }
        return body + Array("\",\"type\":\"text\"}],\"isError\":false}}\r\n\r\n".utf8)
    }

    static func response(status: String, type: String?, body: [UInt8]) -> [UInt8] {
        var head = "HTTP/1.1 \(status)\r\nContent-Length: \(body.count)\r\n"
        if let type { head += "Content-Type: \(type)\r\n" }
        return Array((head + "\r\n").utf8) + body
    }

    /// The numeric `"id":` of a JSON-RPC body, if it has one.
    static func id(in body: [UInt8]) -> Int? {
        guard let range = body.firstRange(of: Array(#""id":"#.utf8)) else { return nil }
        var value = 0
        var index = range.upperBound
        while index < body.count, body[index] >= 0x30, body[index] <= 0x39 {
            value = value * 10 + Int(body[index] - 0x30)
            index += 1
        }
        return index > range.upperBound ? value : nil
    }

    /// Reads one request (head and a `Content-Length` body); nil when the peer closed.
    static func nextRequest(_ pending: inout [UInt8], fd: Int32, buffer: inout [UInt8]) -> (String, [UInt8])? {
        let separator: [UInt8] = [13, 10, 13, 10]
        while pending.firstRange(of: separator) == nil {
            guard fill(&pending, fd: fd, buffer: &buffer) else { return nil }
        }
        let end = pending.firstRange(of: separator)!
        let head = String(decoding: pending[..<end.lowerBound], as: UTF8.self)
        pending.removeSubrange(..<end.upperBound)
        var length = 0
        for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
            length = Int(line.dropFirst("content-length:".count).trimmingPrefix(" ")) ?? 0
        }
        while pending.count < length {
            guard fill(&pending, fd: fd, buffer: &buffer) else { return nil }
        }
        let body = Array(pending[..<length])
        pending.removeSubrange(..<length)
        return (head, body)
    }

    private static func fill(_ pending: inout [UInt8], fd: Int32, buffer: inout [UInt8]) -> Bool {
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 && errno == EINTR { return true }
        guard n > 0 else { return false }
        pending.append(contentsOf: buffer[..<n])
        return true
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
