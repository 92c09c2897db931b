// message-bench: the per-message path of mcp-warden inside the process, without the network
// (Integration/bench/micro.py runs it natively for time and under callgrind for instructions).
// Not part of the product.
//
//   message-bench echo N   N round trips of a small tools/call: the editor's line is framed and
//                          decoded, the tool filter consulted, the body taken; the server's SSE
//                          answer (priming event + message event) is parsed, decoded, matched to
//                          its request and written out as one line
//   message-bench big N    N answers of 1,000,000 characters of text arriving as one SSE event
//                          in 16 KiB chunks (as libcurl hands them over), then decoded and
//                          written out
//
// Prints one JSON line: {"mode","count","messages","bytes","seconds","checksum"}. The checksum
// (lengths of what went out) keeps the optimizer from dropping the work and is checked by the
// caller against the expected sizes.
import Bridge
import Glibc
import MCPFraming

enum Bench {
    static func fail(_ message: String) -> Never {
        let line = Array("message-bench: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// The editor → server half: stdin bytes to the body the transport POSTs.
struct EditorSide {
    var framer = LineFramer(maxLineBytes: 64 << 20)
    let filter = ToolFilter(globs: ["delete_*"])

    mutating func forward(_ stdinBytes: [UInt8]) -> (id: JSONValue, body: [UInt8]) {
        let pieces = framer.feed(stdinBytes)
        guard pieces.count == 1, case .line(let bytes) = pieces[0] else { Bench.fail("framing produced \(pieces)") }
        let message: JSONRPCMessage
        do { message = try JSONRPCMessage.decode(bytes) } catch { Bench.fail("request did not decode: \(error.message)") }
        guard case .request(let id, let method) = message.kind else { Bench.fail("not a request") }
        if method == "tools/call", let name = message.params?["name"]?.stringValue, filter.hides(name) {
            Bench.fail("the echo tool was hidden")
        }
        return (id, message.line)
    }
}

/// The server → editor half: response body chunks to the stdout line.
struct ServerSide {
    var parser = SSEParser()

    /// Returns the bytes written to stdout for the response to `id`.
    mutating func deliver(_ chunks: [[UInt8]], answering id: JSONValue) -> Int {
        var written = 0
        var answered = false
        for chunk in chunks {
            let events: [SSEEvent]
            do { events = try parser.feed(chunk) } catch { Bench.fail("SSE: \(error.reason)") }
            for event in events where event.type == "message" && !event.dataBytes.isEmpty {
                let message: JSONRPCMessage
                do { message = try JSONRPCMessage.decode(event.dataBytes) } catch { Bench.fail("response did not decode: \(error.message)") }
                if case .response(let answeredID) = message.kind, answeredID == id { answered = true }
                written += message.line.count + 1
            }
        }
        _ = parser.finish()
        guard answered else { Bench.fail("no response to \(id)") }
        return written
    }
}

func echoRequest(_ n: Int) -> [UInt8] {
    Array(#"{"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello \#(n)"}},"jsonrpc":"2.0","id":\#(n)}"#.utf8) + [0x0A]
}

func echoAnswer(_ n: Int) -> [[UInt8]] {
    let body = "id: \(2 * n)\r\ndata: \r\nretry: 200\r\n\r\nid: \(2 * n + 1)\r\nevent: message\r\n"
        + #"data: {"jsonrpc":"2.0","id":\#(n),"result":{"content":[{"text":"hello \#(n)","type":"text"}],"isError":false}}"# + "\r\n\r\n"
    return [Array(body.utf8)]
}

func bigAnswer(id n: Int, characters: Int) -> [[UInt8]] {
    var text = [UInt8]()
    text.reserveCapacity(characters)
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    for i in 0 ..< characters { text.append(alphabet[i % alphabet.count]) }
    let body = Array("id: 1\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\"id\":\(n),\"result\":{\"content\":[{\"text\":\"".utf8)
        + text + Array("\",\"type\":\"text\"}],\"isError\":false}}\r\n\r\n".utf8)
    return stride(from: 0, to: body.count, by: 16 << 10).map { Array(body[$0 ..< min($0 + (16 << 10), body.count)]) }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, ["echo", "big"].contains(arguments[1]), let count = Int(arguments[2]), count >= 0 else {
    Bench.fail("usage: message-bench echo|big COUNT")
}
let mode = arguments[1]
var editor = EditorSide()
var server = ServerSide()
var checksum = 0
var messages = 0
var bytes = 0
var seconds = 0.0

if mode == "echo" {
    // Inputs are built before the clock starts: only the path itself is measured.
    let requests = (0 ..< count).map(echoRequest)
    let answers = (0 ..< count).map(echoAnswer)
    bytes = requests.reduce(0) { $0 + $1.count } + answers.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } }
    let start = Bench.now()
    for i in 0 ..< count {
        let (id, body) = editor.forward(requests[i])
        checksum &+= body.count
        checksum &+= server.deliver(answers[i], answering: id)
    }
    seconds = Bench.now() - start
    messages = 2 * count
} else {
    let characters = 1_000_000
    let chunks = bigAnswer(id: 7, characters: characters)
    bytes = count * chunks.reduce(0) { $0 + $1.count }
    let start = Bench.now()
    for _ in 0 ..< count {
        checksum &+= server.deliver(chunks, answering: .number("7"))
    }
    seconds = Bench.now() - start
    messages = count
}
print(#"{"mode":"\#(mode)","count":\#(count),"messages":\#(messages),"bytes":\#(bytes),"seconds":\#(seconds),"checksum":\#(checksum)}"#)
