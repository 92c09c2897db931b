// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Why some bytes are not an acceptable JSON-RPC 2.0 message (JSON-RPC 2.0 §5.1 codes).
/// `message` describes the rule broken and never contains the input's content.
public struct JSONRPCDecodeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `JSONRPCError.parseError` (-32700: not JSON) or `JSONRPCError.invalidRequest`
    /// (-32600: JSON, but not a valid JSON-RPC message).
    public let code: Int
    public let message: String
    /// The message's `id` when it could be recovered (a string or a number), so that an
    /// error response can be correlated with the request; nil otherwise.
    public let id: JSONValue?

    public init(code: Int, message: String, id: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.id = id
    }

    public var description: String { "\(message) (JSON-RPC error \(code))" }

    /// This error as a compact error response line (id recovered, or null).
    public func errorResponse() -> [UInt8] {
        JSONRPCError.response(id: id, code: code, message: message)
    }
}

/// The error codes predefined by JSON-RPC 2.0 §5.1, and error responses (§5, §5.1).
public enum JSONRPCError: Sendable {
    public static let parseError = -32700
    public static let invalidRequest = -32600
    public static let methodNotFound = -32601
    public static let invalidParams = -32602
    public static let internalError = -32603
    /// Implementation-defined (§5.1 "-32000 to -32099"): the MCP SDKs' RequestTimeout.
    public static let requestTimeout = -32001

    /// A compact single-line error response:
    /// `{"jsonrpc":"2.0","id":<id or null>,"error":{"code":…,"message":…[,"data":…]}}`.
    ///
    /// JSON-RPC 2.0 §5: the id is null when the request's id could not be determined; an id
    /// that is neither a string nor a number (not a valid id) is likewise written as null.
    public static func response(id: JSONValue?, code: Int, message: String, data: JSONValue? = nil) -> [UInt8] {
        var error: JSONObject = ["code": .integer(code), "message": .string(message)]
        if let data { error["data"] = data }
        let responseID: JSONValue
        switch id {
        case .string?, .number?: responseID = id!
        default: responseID = .null
        }
        let response: JSONObject = ["jsonrpc": .string("2.0"), "id": responseID, "error": .object(error)]
        return response.serialized()
    }
}
