// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

@testable import MCPFraming

/// The UTF-8 bytes of a string literal.
func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

/// A small deterministic generator (SplitMix64) so that "random" chunkings are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}

/// Cuts `bytes` into consecutive chunks of random sizes in 1...maxChunk (empty chunks
/// included now and then, which a reader may also deliver).
func randomChunks(of bytes: [UInt8], maxChunk: Int, using generator: inout SeededGenerator) -> [[UInt8]] {
    var chunks: [[UInt8]] = []
    var position = 0
    while position < bytes.count {
        if Int.random(in: 0..<8, using: &generator) == 0 { chunks.append([]) }
        let size = min(Int.random(in: 1...maxChunk, using: &generator), bytes.count - position)
        chunks.append(Array(bytes[position..<position + size]))
        position += size
    }
    return chunks
}

/// Every byte on its own.
func singleByteChunks(of bytes: [UInt8]) -> [[UInt8]] {
    bytes.map { [$0] }
}

/// The error thrown by `body`, or nil if it returned.
func thrownError<Failure: Error>(_ body: () throws(Failure) -> Void) -> Failure? {
    do {
        try body()
        return nil
    } catch {
        return error
    }
}

func parseFailure(_ bytes: [UInt8], maxDepth: Int = 256) -> JSONParseError? {
    thrownError { () throws(JSONParseError) in _ = try JSONParser.parse(bytes, maxDepth: maxDepth) }
}

func parseFailure(_ text: String) -> JSONParseError? {
    parseFailure(utf8(text))
}

func parsed(_ text: String) throws -> JSONValue {
    try JSONParser.parse(utf8(text))
}

func decodeFailure(_ text: String) -> JSONRPCDecodeError? {
    decodeFailure(utf8(text))
}

func decodeFailure(_ bytes: [UInt8]) -> JSONRPCDecodeError? {
    thrownError { () throws(JSONRPCDecodeError) in _ = try JSONRPCMessage.decode(bytes) }
}
