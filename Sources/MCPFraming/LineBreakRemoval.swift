// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Removal of raw CR and LF bytes, for `JSONRPCMessage.line` (MCP stdio transport: a
/// message must not contain embedded newlines). Works in `memchr` runs, not per byte.
enum LineBreakRemoval {
    static func removingLineBreaks(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { raw in
            let firstLF = ByteSearch.firstIndex(of: ByteSearch.lineFeed, in: raw) ?? raw.count
            let firstCR = ByteSearch.firstIndex(of: ByteSearch.carriageReturn, in: raw) ?? raw.count
            guard min(firstLF, firstCR) < raw.count else {
                return bytes  // nothing to remove: share the storage
            }
            var output: [UInt8] = []
            output.reserveCapacity(raw.count)
            var nextLF = firstLF
            var nextCR = firstCR
            var runStart = 0
            while runStart < raw.count {
                let runEnd = min(nextLF, nextCR)
                output.appendBytes(raw, from: runStart, to: runEnd)
                guard runEnd < raw.count else { break }
                runStart = runEnd + 1
                if runEnd == nextLF {
                    nextLF = ByteSearch.firstIndex(of: ByteSearch.lineFeed, in: raw, from: runStart) ?? raw.count
                } else {
                    nextCR = ByteSearch.firstIndex(of: ByteSearch.carriageReturn, in: raw, from: runStart) ?? raw.count
                }
            }
            return output
        }
    }
}
