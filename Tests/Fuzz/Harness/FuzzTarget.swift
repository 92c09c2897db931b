// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// One fuzz target: its corpus lives in `Tests/Fuzz/Corpus/<name>/`; `run` traps (so libFuzzer
/// saves the input as a crash artifact) when a property in `checks` does not hold.
struct FuzzTarget: Sendable {
    let name: String
    /// One line: what is checked beyond "does not crash" (agreements, invariants).
    let checks: String
    let run: @Sendable ([UInt8]) -> Void
}

enum FuzzTargets {
    /// Every target, in the order `make fuzz` runs them.
    static let all: [FuzzTarget] =
        ([
            JSONTargets.roundTrip, JSONTargets.rpc, SkimTarget.target,
            FramingTargets.lineFramer, FramingTargets.sse,
            HTTPTargets.responseHead, HTTPTargets.wwwAuthenticate, HTTPTargets.visibleText,
            CallbackTargets.request, CallbackTargets.query, CallbackTargets.pastedRedirect,
            MetadataTargets.resource, MetadataTargets.server,
            VaultTargets.storedGrant, VaultTargets.sealedFile, VaultTargets.mcpRemoteCache,
            ToolGuardTargets.pins, ToolGuardTargets.toolsList, ToolParamHeaderTarget.target
        ] as [FuzzTarget?]).compactMap { $0 }

    static func named(_ name: String) -> FuzzTarget? { all.first { $0.name == name } }
}

/// A property that must hold; a failure is a finding, reported like a crash.
func require(
    _ condition: @autoclosure () -> Bool, _ what: @autoclosure () -> String,
    file: StaticString = #fileID, line: UInt = #line
) {
    if !condition() { fatalError("fuzz property broken: \(what())", file: file, line: line) }
}

/// Reads parameters from the front of an input (zero once exhausted) and hands over the rest, so
/// one input decides both the parameters (a limit, a chunking) and the data, reproducibly.
struct FuzzInput {
    private let bytes: [UInt8]
    private var position = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func byte() -> UInt8 {
        guard position < bytes.count else { return 0 }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func rest() -> [UInt8] {
        defer { position = bytes.count }
        return Array(bytes[min(position, bytes.count)...])
    }
}

/// Splits `bytes` into chunks whose sizes come from a SplitMix64 stream seeded by `seed`: empty
/// chunks, single bytes and longer runs, so every split point a network read could make is tried.
func chunked(_ bytes: [UInt8], seed: UInt64) -> [[UInt8]] {
    var state = seed
    var chunks: [[UInt8]] = []
    var start = 0
    while start < bytes.count {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        let size: Int
        switch z % 16 {
        case 0: size = 0
        case 1...5: size = 1
        case 15: size = bytes.count - start
        default: size = Int((z >> 8) % 32) + 1
        }
        let end = min(bytes.count, start + size)
        chunks.append(Array(bytes[start..<end]))
        start = end
    }
    return chunks
}
