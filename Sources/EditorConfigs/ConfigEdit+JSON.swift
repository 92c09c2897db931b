// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The JSON side of `ConfigEdit`: adding a member after the last one, rendered in the file's own
/// indentation.
extension ConfigEdit {
    static func insert(_ keys: [String], _ desired: DesiredEntry, into object: ConfigValue, client: EditorClient, bytes: [UInt8]) -> [TextEdit] {
        let unit = unit(bytes)
        guard let last = object.members?.last else {
            let outer = lineIndent(bytes, at: object.range.lowerBound)
            let member = render(keys, desired, client: client, indent: outer + unit, unit: unit)
            return [TextEdit(range: object.range, replacement: "{\n" + outer + unit + member + "\n" + outer + "}")]
        }
        let indent = lineIndent(bytes, at: last.keyRange.lowerBound)
        let member = render(keys, desired, client: client, indent: indent, unit: unit)
        let valueEnd = last.value.range.upperBound
        var cursor = valueEnd
        while cursor < bytes.count, bytes[cursor] == 0x20 || bytes[cursor] == 0x09 { cursor += 1 }
        let hasComma = cursor < bytes.count && bytes[cursor] == UInt8(ascii: ",")
        if hasComma { cursor += 1 }
        var lineBreak = cursor
        while lineBreak < bytes.count, bytes[lineBreak] == 0x20 || bytes[lineBreak] == 0x09 { lineBreak += 1 }
        if lineBreak + 1 < bytes.count, bytes[lineBreak] == UInt8(ascii: "/"), bytes[lineBreak + 1] == UInt8(ascii: "/") {
            lineBreak = lineEnd(bytes, from: lineBreak)
        }
        if lineBreak < bytes.count, bytes[lineBreak] == 0x0A || bytes[lineBreak] == 0x0D {
            // The member goes on a line of its own after the last one (and after its comment).
            var edits = [TextEdit(range: lineBreak..<lineBreak, replacement: "\n" + indent + member)]
            if !hasComma { edits.append(TextEdit(range: valueEnd..<valueEnd, replacement: ",")) }
            return edits
        }
        return [TextEdit(range: cursor..<cursor, replacement: (hasComma ? " " : ", ") + member)]
    }

    /// `"k1": { "k2": … "name": {entry} }` for the keys not yet in the file.
    static func render(_ keys: [String], _ desired: DesiredEntry, client: EditorClient, indent: String, unit: String) -> String {
        let key = ValueText.string(keys[0], .json) + ": "
        guard keys.count > 1 else { return key + object(desired, client: client, indent: indent, unit: unit) }
        return key + "{\n" + indent + unit + render(Array(keys.dropFirst()), desired, client: client, indent: indent + unit, unit: unit) + "\n" + indent + "}"
    }

    static func object(_ desired: DesiredEntry, client: EditorClient, indent: String, unit: String) -> String {
        var lines: [String] = []
        if client == .vscode { lines.append("\"type\": \"stdio\"") }
        lines.append("\"command\": " + ValueText.string(desired.command, .json))
        lines.append("\"args\": " + ValueText.array(desired.args, .json))
        if !desired.env.isEmpty {
            lines.append(
                "\"env\": { " + desired.env.map { ValueText.string($0.key, .json) + ": " + ValueText.string($0.value, .json) }.joined(separator: ", ") + " }")
        }
        return "{\n" + lines.map { indent + unit + $0 }.joined(separator: ",\n") + "\n" + indent + "}"
    }

    /// The whitespace that starts the line holding `offset`.
    static func lineIndent(_ bytes: [UInt8], at offset: Int) -> String {
        var start = min(offset, bytes.count)
        while start > 0, bytes[start - 1] != 0x0A { start -= 1 }
        var end = start
        while end < bytes.count, bytes[end] == 0x20 || bytes[end] == 0x09 { end += 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// The file's indentation step: the leading whitespace of its first indented line (a tab, or
    /// that many spaces), two spaces when no line is indented.
    static func unit(_ bytes: [UInt8]) -> String {
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0A, index + 1 < bytes.count {
                if bytes[index + 1] == 0x09 { return "\t" }
                var count = 0
                while index + 1 + count < bytes.count, bytes[index + 1 + count] == 0x20 { count += 1 }
                if count > 0, index + 1 + count < bytes.count, bytes[index + 1 + count] != 0x0A { return String(repeating: " ", count: count) }
            }
            index += 1
        }
        return "  "
    }

    /// The offset of the line break at or after `offset` (or the end of the file).
    static func lineEnd(_ bytes: [UInt8], from offset: Int) -> Int {
        var index = offset
        while index < bytes.count, bytes[index] != 0x0A { index += 1 }
        return index
    }
}
