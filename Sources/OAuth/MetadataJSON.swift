// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import PinnedHTTP
import Platform

/// Reading the JSON documents of OAuth servers: objects only, strings checked, values shown
/// to the user truncated and stripped of control characters.
public enum MetadataJSON {
    static let maxDocumentBytes = 256 << 10

    static func object(_ body: [UInt8], what: String, source: String) throws(OAuthError) -> JSONObject {
        let value: JSONValue
        do { value = try JSONParser.parse(body, maxDepth: 32) } catch {
            throw OAuthError(.invalidMetadata, "the \(what) at \(source) is not JSON (\(error.description))")
        }
        guard let object = value.objectValue else {
            throw OAuthError(.invalidMetadata, "the \(what) at \(source) is not a JSON object")
        }
        return object
    }

    /// An array of strings, or nil when absent; non-string members are dropped.
    static func strings(_ value: JSONValue?) -> [String]? {
        value?.arrayValue.map { $0.compactMap(\.stringValue) }
    }

    /// `scopes_supported` (RFC 9728 §2, RFC 8414 §2): its scope-tokens, or nil when absent.
    static func scopes(_ value: JSONValue?) -> [String]? {
        strings(value)?.filter(ScopeToken.isValid)
    }

    /// A server-supplied string made safe for one line of stderr (`VisibleText.sanitized`, the one
    /// sanitizer), at most `limit` characters.
    public static func shown(_ text: String, limit: Int = 200) -> String {
        VisibleText.sanitized(text, limit: limit)
    }
}
