// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// An `InputRequiredResult` (MCP 2026-07-28 "Multi Round-Trip Requests") for an editor of the
/// handshake era, which knows server-to-client requests instead: each input request is written to
/// the editor as a request of its own (`elicitation/create`, `sampling/createMessage`,
/// `roots/list`), one after another, and the answers become the retry's `inputResponses`.
enum InputRounds {
    enum Outcome {
        case answered(JSONObject)
        case failed(Failure)
    }

    struct Failure {
        let code: Int
        let message: String
        let data: JSONValue?
    }

    /// The requests a server may embed (MRTR "Server Requirements").
    static let methods: Set<String> = ["elicitation/create", "sampling/createMessage", "roots/list"]

    static func answer(_ result: JSONObject, askingEditorWith adapter: EraAdapter) async -> Outcome {
        var responses = JSONObject()
        guard let requests = result["inputRequests"]?.objectValue else {
            // Only `requestState`: the retry carries it back with nothing else.
            return .answered(responses)
        }
        for (key, request) in requests {
            guard let method = request["method"]?.stringValue, methods.contains(method) else {
                return .failed(
                    Failure(code: JSONRPCError.internalError, message: "mcp-warden: the server asked for input of an unknown kind", data: nil))
            }
            let id = adapter.mintID("input")
            var object: JSONObject = ["jsonrpc": .string("2.0"), "id": id, "method": .string(method)]
            if let params = request["params"], params.objectValue != nil { object["params"] = params }
            guard let answer = await adapter.askEditor(object, id: id) else {
                return .failed(
                    Failure(code: JSONRPCError.internalError, message: "mcp-warden: cancelled while waiting for the editor's \(method) answer", data: nil))
            }
            switch answer.kind {
            case .response:
                responses[key] = answer.object["result"] ?? .object(JSONObject())
            default:
                let error = answer.object["error"]
                return .failed(
                    Failure(
                        code: error?["code"]?.intValue ?? JSONRPCError.internalError,
                        message: error?["message"]?.stringValue ?? "the editor refused \(method)", data: error?["data"]))
            }
        }
        return .answered(responses)
    }
}
