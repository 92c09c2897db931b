// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Why a config file could not be read as JSON, JSONC or TOML: the byte offset (and line) and the
/// rule broken, never the file's text (a config may hold secrets). A file that fails is reported
/// by `audit` and never rewritten by `install` or `migrate`.
public struct ConfigParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let line: Int
    public let reason: String

    public init(offset: Int, line: Int, reason: String) {
        self.offset = offset
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line) (byte \(offset)): \(reason)" }

    /// The error at `offset` of `bytes`, with its 1-based line number.
    static func at(_ offset: Int, in bytes: [UInt8], _ reason: String) -> ConfigParseError {
        let end = min(offset, bytes.count)
        let line = 1 + bytes[..<end].reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        return ConfigParseError(offset: offset, line: line, reason: reason)
    }
}

/// What all readers share: the depth limit and the UTF-8 rule.
public enum ConfigLimits {
    /// Deeper nesting is refused, so a hostile file cannot exhaust the stack of the recursive
    /// readers (real configs nest 4 or 5 levels).
    public static let maxDepth = 64

    /// The file must be UTF-8 (RFC 8259 §8.1; TOML 1.0 "a TOML file must be a valid UTF-8 encoded
    /// Unicode document"): the offset of the first invalid byte, or nil.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let length: Int
            switch byte {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0...0xEF: length = 3
            case 0xF0...0xF4: length = 4
            default: return index
            }
            guard index + length <= bytes.count else { return index }
            for position in index + 1..<index + length where bytes[position] & 0xC0 != 0x80 { return index }
            if length == 3 {
                let second = bytes[index + 1]
                if (byte == 0xE0 && second < 0xA0) || (byte == 0xED && second > 0x9F) { return index }
            } else if length == 4 {
                let second = bytes[index + 1]
                if (byte == 0xF0 && second < 0x90) || (byte == 0xF4 && second > 0x8F) { return index }
            }
            index += length
        }
        return nil
    }
}
