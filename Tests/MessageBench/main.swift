// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

// message-bench: the shipped per-message path of mcp-warden inside one process — the real
// `Bridge` with its stdin reader and stdout writer, the Streamable HTTP client, the HTTP engine
// and libcurl — against a canned plain-HTTP server on 127.0.0.1 (CannedServer.swift), so no
// TLS, no Python and no second process is in the numbers. Integration/bench/micro.py runs it
// natively for time and under callgrind for instructions. Not part of the product.
//
//   message-bench echo N   N sequential round trips of a small tools/call: the editor's line
//                          goes through the bridge's stdin, curl POSTs it, the SSE answer
//                          (priming event + message event) comes back and out of stdout
//   message-bench big N    N round trips whose answer is 1,000,000 characters of text in one
//                          SSE event
//
// The editor's side is this process's main thread, on pipes dup'ed onto fd 0 and 1. Prints one
// JSON line on the original stdout: {"mode","count","messages","bytes","seconds","checksum"};
// `messages` counts round trips. The checksum (lengths of the lines that came out, each one
// checked to answer its request) keeps the work honest and is checked by the caller.
import Bridge
import Dispatch
import Glibc
import MCPTransport
import PinnedHTTP
import Platform
import ToolGuard

enum Bench {
    static func fail(_ message: String) -> Never {
        let line = Array("message-bench: \(message)\n".utf8)
        _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        exit(2)
    }

    /// Context switches of every thread of this process so far (/proc/self/task/*/status): each
    /// is a thread that went to sleep or was preempted, the hops the redesign removes.
    static func contextSwitches() -> Int {
        guard let tasks = opendir("/proc/self/task") else { return 0 }
        defer { closedir(tasks) }
        var total = 0
        while let entry = readdir(tasks) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.first?.isNumber == true, let file = fopen("/proc/self/task/\(name)/status", "r") else { continue }
            var line = [CChar](repeating: 0, count: 256)
            while fgets(&line, 256, file) != nil {
                let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if text.hasPrefix("voluntary_ctxt_switches:") || text.hasPrefix("nonvoluntary_ctxt_switches:") {
                    total += Int(text.split(separator: ":")[1].trimmingPrefix(while: { $0 == " " || $0 == "\t" }).prefix { $0.isNumber }) ?? 0
                }
            }
            fclose(file)
        }
        return total
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// The editor: writes a line to the bridge's stdin, reads lines from its stdout.
struct Editor {
    let output: Int32
    private var window: ReadWindow

    init(output: Int32, input: Int32) {
        self.output = output
        window = ReadWindow(fd: input)
    }

    func send(_ text: String) {
        guard CannedServer.writeAll(output, Array((text + "\n").utf8)) else { Bench.fail("the bridge's stdin closed") }
    }

    /// The next line from the bridge's stdout, without its newline.
    mutating func receive() -> ArraySlice<UInt8> {
        while true {
            if let newline = window.unread.firstIndex(of: 0x0A) {
                let line = window.buffer[window.start..<newline]
                window.consume(upTo: newline + 1)
                return line
            }
            guard window.fill() else { Bench.fail("the bridge's stdout closed, or a line longer than 4 MiB") }
        }
    }

    /// One tools/call round trip; the bytes of the answer line, checked to answer `n`.
    mutating func call(_ n: Int) -> Int {
        send(#"{"method":"tools/call","params":{"name":"echo","arguments":{"text":"hello \#(n)"}},"jsonrpc":"2.0","id":\#(n)}"#)
        let line = receive()
        let expected = #"{"jsonrpc":"2.0","id":\#(n),"result":"#
        guard line.starts(with: expected.utf8) else { Bench.fail("answer to \(n) was \(String(decoding: line.prefix(120), as: UTF8.self))") }
        return line.count + 1
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 3, ["echo", "big"].contains(arguments[1]), let count = Int(arguments[2]), count >= 0 else {
    Bench.fail("usage: message-bench echo|big COUNT")
}
let mode = arguments[1]
let server = CannedServer(bigCharacters: mode == "big" ? 1_000_000 : nil)

var toBridge: [Int32] = [0, 0]
var fromBridge: [Int32] = [0, 0]
guard pipe(&toBridge) == 0, pipe(&fromBridge) == 0 else { Bench.fail("no pipes") }
let results = dup(1)
guard dup2(toBridge[0], 0) == 0, dup2(fromBridge[1], 1) == 1 else { Bench.fail("cannot redirect stdin and stdout") }
close(toBridge[0])
close(fromBridge[1])

let engine: HTTPEngine
do { engine = try HTTPEngine(policy: TrustPolicy(allowPlainHTTPToLoopback: true)) } catch { Bench.fail("no HTTP engine: \(error)") }
let remote = RemoteServer(url: "http://127.0.0.1:\(server.port)/mcp", headers: [], engine: engine, log: Diagnostics(quiet: true))
// The guard as a bridge runs it, pins in memory: its cost on the per-message path is measured too.
var benchGuard = ToolGuard.Settings()
benchGuard.policy = ToolPolicy(ignored: ["delete_*"])
benchGuard.pins = MemoryPinStore(server: remote.url)
let bridge = Bridge(configuration: BridgeConfiguration(server: remote, mode: .http, toolGuard: ToolGuard(benchGuard)))
let finished = DispatchSemaphore(value: 0)
Task.detached {
    _ = await bridge.run()
    finished.signal()
}

var editor = Editor(output: toBridge[1], input: fromBridge[0])
editor.send(
    #"{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"message-bench","version":"1"}}}"#
)
_ = editor.receive()
editor.send(#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#)
// Warm-up: the connection is open and the code paged in before the clock starts.
for n in 1...50 { _ = editor.call(n) }

var checksum = 0
let switchesBefore = Bench.contextSwitches()
let start = Bench.now()
for n in 100..<100 + count { checksum &+= editor.call(n) }
let seconds = Bench.now() - start
let switches = Bench.contextSwitches() - switchesBefore
let bytes = checksum

close(toBridge[1])
if finished.wait(timeout: .now() + .seconds(5)) == .timedOut { Bench.fail("the bridge did not end after stdin closed") }
let line = Array(
    (#"{"mode":"\#(mode)","count":\#(count),"messages":\#(count),"bytes":\#(bytes),"seconds":\#(seconds),"checksum":\#(checksum),"switches":\#(switches)}"#
        + "\n").utf8)
_ = line.withUnsafeBytes { write(results, $0.baseAddress, $0.count) }
