// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CFuzzDriver
import Glibc

/// The one fuzzing binary: every target is linked in and one is chosen per run, so the sanitized
/// modules are built once (see Tests/Fuzz/README.md).
///
///     mcp-warden-fuzz TARGET [libFuzzer options] [corpus directories]
///     mcp-warden-fuzz --list
///
/// The target may also come from `MCP_WARDEN_FUZZ_TARGET`; the name given first is exported there,
/// so the processes libFuzzer starts itself (`-merge=1`, `-fork`) run the same target.
@main
enum FuzzMain {
    nonisolated(unsafe) static var selected: FuzzTarget?

    static func main() {
        var arguments = CommandLine.arguments
        if arguments.count > 1, arguments[1] == "--list" {
            for target in FuzzTargets.all { print("\(target.name)\t\(target.checks)") }
            return
        }
        if arguments.count > 1, let target = FuzzTargets.named(arguments[1]) {
            setenv("MCP_WARDEN_FUZZ_TARGET", target.name, 1)
            arguments.remove(at: 1)
        }
        guard let name = getenv("MCP_WARDEN_FUZZ_TARGET").map({ String(cString: $0) }), let target = FuzzTargets.named(name) else {
            let usage = "usage: mcp-warden-fuzz TARGET [libFuzzer options] [corpus…]; targets: \(FuzzTargets.all.map(\.name).joined(separator: " "))\n"
            _ = usage.withCString { write(2, $0, strlen($0)) }
            exit(2)
        }
        selected = target
        // libFuzzer keeps pointers into argv for the whole run: strdup'ed, never freed.
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        var argc = Int32(arguments.count)
        let status = argv.withUnsafeMutableBufferPointer { buffer -> Int32 in
            var base: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
            return LLVMFuzzerRunDriver(&argc, &base) { data, size in
                FuzzMain.selected!.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
                return 0
            }
        }
        exit(status)
    }
}

/// libFuzzer's runtime refers to this symbol; `LLVMFuzzerRunDriver` above is what runs.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzMain.selected?.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
