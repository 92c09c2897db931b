// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// How a value is written into a file of each format: JSON strings through MCPFraming's
/// serializer; TOML basic strings with TOML's escapes.
enum ValueText {
    static func string(_ text: String, _ format: ConfigFormat) -> String {
        format == .toml ? tomlString(text) : String(decoding: JSONValue.string(text).serialized(), as: UTF8.self)
    }

    static func array(_ items: [String], _ format: ConfigFormat) -> String {
        "[" + items.map { string($0, format) }.joined(separator: ", ") + "]"
    }

    static func tomlString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output + "\""
    }

    /// A TOML key: bare when it can be, quoted otherwise.
    static func tomlKey(_ key: String) -> String {
        !key.isEmpty && key.utf8.allSatisfy(TOMLCursor.isBare) ? key : tomlString(key)
    }
}
