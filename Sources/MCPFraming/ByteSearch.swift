// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Byte-level helpers shared by the framers: C `memchr` for finding delimiters (it scans
/// many bytes per step, which keeps per-message framing linear and fast even in debug
/// builds) and bulk appends from raw memory.
enum ByteSearch {
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D

    /// The index of the first `byte` in `buffer[from..<to]`, or nil.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        guard from < to, let base = buffer.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: UnsafeRawPointer(hit))
    }

    /// The index of the first `byte` in `buffer[from...]`, or nil.
    @inline(__always)
    static func firstIndex(of byte: UInt8, in buffer: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        firstIndex(of: byte, in: buffer, from: from, to: buffer.count)
    }

    static func contains(_ byte: UInt8, in bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { firstIndex(of: byte, in: $0) != nil }
    }
}

extension Array where Element == UInt8 {
    /// A copy of raw bytes, made with one bulk copy.
    @inline(__always)
    init(copying raw: UnsafeRawBufferPointer) {
        self = raw.isEmpty ? [] : raw.withMemoryRebound(to: UInt8.self) { Array($0) }
    }

    /// Appends raw bytes with one bulk copy.
    @inline(__always)
    mutating func appendBytes(_ raw: UnsafeRawBufferPointer) {
        guard !raw.isEmpty else { return }
        raw.withMemoryRebound(to: UInt8.self) { append(contentsOf: $0) }
    }

    /// Appends `raw[from..<to]` with one bulk copy.
    @inline(__always)
    mutating func appendBytes(_ raw: UnsafeRawBufferPointer, from: Int, to: Int) {
        guard from < to else { return }
        appendBytes(UnsafeRawBufferPointer(rebasing: raw[from..<to]))
    }
}

extension UnsafeRawBufferPointer {
    /// `self[from..<to]` as a buffer of its own (indices start at 0).
    @inline(__always)
    func slice(_ from: Int, _ to: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: self[from..<to])
    }
}

extension String {
    /// Decodes UTF-8, replacing invalid sequences with U+FFFD.
    @inline(__always)
    init(repairingUTF8 raw: UnsafeRawBufferPointer) {
        self = raw.withMemoryRebound(to: UInt8.self) { String(decoding: $0, as: UTF8.self) }
    }
}
