// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// `--protocol`: the era mcp-warden speaks to the server for an editor that opens with
/// `initialize` (an editor that speaks 2026-07-28 itself is always forwarded in that era).
public enum ProtocolMode: String, Sendable, CaseIterable {
    /// `initialize` first, as the editor asked; when the server refuses it the way a server of the
    /// 2026-07-28 era alone does, `server/discover` and translation from then on.
    case auto
    /// The handshake era only: the editor's messages go as they are.
    case legacy
    /// Translation from the start: `server/discover`, then every request in the stateless form.
    case modern
}

/// The two eras of MCP and how a message of one is written in the other (MCP 2026-07-28
/// changelog, major changes 2–5 and 7; versioning "Backward Compatibility").
enum ProtocolEra {
    static let modernVersion = "2026-07-28"
    /// Versions of the `initialize` handshake an editor may ask for; the synthesized result
    /// answers with the editor's own when it is one of these.
    static let handshakeVersions: Set<String> = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    static let newestHandshakeVersion = "2025-11-25"
    /// Requests that may be answered with an `InputRequiredResult` (MRTR "Supported Requests").
    static let multiRoundTripMethods: Set<String> = ["tools/call", "prompts/get", "resources/read"]

    static let protocolVersionKey = "io.modelcontextprotocol/protocolVersion"
    static let clientInfoKey = "io.modelcontextprotocol/clientInfo"
    static let clientCapabilitiesKey = "io.modelcontextprotocol/clientCapabilities"
    static let logLevelKey = "io.modelcontextprotocol/logLevel"
    static let serverInfoKey = "io.modelcontextprotocol/serverInfo"

    /// A handshake-era editor's `params` in the stateless form: the editor's own `_meta` members
    /// (a progress token) kept, the per-request protocol fields added from its `initialize`.
    static func statelessParams(_ params: JSONObject?, initialize: JSONObject?, logLevel: JSONValue?) -> JSONObject {
        var params = params ?? JSONObject()
        var meta = params["_meta"]?.objectValue ?? JSONObject()
        meta[protocolVersionKey] = .string(modernVersion)
        meta[clientCapabilitiesKey] = initialize?["capabilities"].flatMap { $0.objectValue == nil ? nil : $0 } ?? .object(JSONObject())
        if let info = initialize?["clientInfo"], info.objectValue != nil { meta[clientInfoKey] = info }
        if let logLevel { meta[logLevelKey] = logLevel }
        params["_meta"] = .object(meta)
        return params
    }

    /// The `server/discover` request (MCP 2026-07-28 "Discovery") on behalf of the editor.
    static func discoverRequest(id: JSONValue, initialize: JSONObject?) -> JSONObject {
        [
            "jsonrpc": .string("2.0"), "id": id, "method": .string("server/discover"),
            "params": .object(statelessParams(nil, initialize: initialize, logLevel: nil))
        ]
    }

    /// The editor's `InitializeResult`, made from the server's `DiscoverResult`. Change
    /// notifications and resource subscriptions keep what the server advertises: mcp-warden
    /// delivers them from a `subscriptions/listen` stream (`listenFilter`).
    static func initializeResult(discovered result: JSONObject, editorVersion: String?, fallbackName: String) -> JSONObject {
        var capabilities = result["capabilities"]?.objectValue ?? JSONObject()
        capabilities["extensions"] = nil
        let version = editorVersion.flatMap { handshakeVersions.contains($0) ? $0 : nil } ?? newestHandshakeVersion
        var serverInfo = result["_meta"]?[serverInfoKey]?.objectValue ?? JSONObject()
        if serverInfo["name"]?.stringValue == nil { serverInfo["name"] = .string(fallbackName) }
        if serverInfo["version"]?.stringValue == nil { serverInfo["version"] = .string("unknown") }
        var initialize: JSONObject = [
            "protocolVersion": .string(version), "capabilities": .object(capabilities), "serverInfo": .object(serverInfo)
        ]
        if let instructions = result["instructions"], instructions.stringValue != nil { initialize["instructions"] = instructions }
        return initialize
    }

    /// The `subscriptions/listen` filter for the change notifications the server advertises
    /// (`listChanged` of tools, prompts and resources); resource URIs join with `resources/subscribe`.
    static func listenFilter(capabilities: JSONObject?) -> JSONObject {
        var filter = JSONObject()
        for (capability, field) in [("tools", "toolsListChanged"), ("prompts", "promptsListChanged"), ("resources", "resourcesListChanged")]
        where capabilities?[capability]?["listChanged"]?.boolValue == true {
            filter[field] = .bool(true)
        }
        return filter
    }

    /// True when a refused `initialize` says the server is of the 2026-07-28 era: a recognised
    /// modern JSON-RPC error (-32020 … -32022) in a 400, or 404 with -32601 (Streamable HTTP
    /// 2026-07-28 "Protocol Version Header", "Backward Compatibility").
    static func refusesHandshake(_ error: TransportError) -> Bool {
        guard error.code == .httpStatus, let status = error.status, let code = error.serverError?["code"]?.intValue else { return false }
        switch status {
        case 400: return (-32022)...(-32020) ~= code
        case 404: return code == -32601
        default: return false
        }
    }
}
