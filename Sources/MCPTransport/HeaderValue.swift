// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

/// Header values mirrored from a message (MCP 2026-07-28 Streamable HTTP "Value Encoding"):
/// a value travels bare when it is non-empty printable ASCII without leading or trailing space
/// and does not itself look like the sentinel; otherwise it is sent as `=?base64?…?=` of its UTF-8.
public enum HeaderValue {
    static let prefix = "=?base64?"
    static let suffix = "?="

    public static func encode(_ value: String) -> String {
        let bytes = Array(value.utf8)
        let bare =
            !bytes.isEmpty
            && bytes.allSatisfy { $0 >= 0x20 && $0 <= 0x7E }
            && bytes.first != 0x20 && bytes.last != 0x20
            && !value.hasPrefix(prefix)
        if bare { return value }
        return prefix + Data(bytes).base64EncodedString() + suffix
    }
}
