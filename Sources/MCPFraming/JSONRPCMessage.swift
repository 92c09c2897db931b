// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// One JSON-RPC 2.0 message as MCP uses it: a request, a notification, a response or an
/// error response (batches are not supported: MCP 2025-06-18 removed them).
///
/// Validation (JSON-RPC 2.0 §4, §4.1, §4.2, §5, §5.1 and the MCP base protocol):
/// - the message is one JSON object; an array (a batch) or any other value is -32600;
/// - `"jsonrpc"` is exactly the string `"2.0"`;
/// - `id`, when present, is a string or a number (MCP: request ids must not be null);
/// - a request or notification has a string `method`, and `params`, when present, is an
///   object or an array; a message with `method` must not have `result` or `error`;
/// - a response has an `id` and exactly one of `result` and `error`; an error response may
///   have a null id (a server's reply to something it could not parse); `error` is an
///   object with an integer `code` and a string `message`.
public struct JSONRPCMessage: Sendable {
    public enum Kind: Sendable, Equatable {
        case request(id: JSONValue, method: String)
        case notification(method: String)
        /// Has `result`.
        case response(id: JSONValue)
        /// Has `error`; the id may be `.null`.
        case errorResponse(id: JSONValue)
    }

    public let kind: Kind
    /// The parsed object; nil for a skimmed message (`skim`), whose `object` is parsed on demand.
    private let parsed: JSONObject?
    /// The whole message as a JSON object. For a message that was skimmed (the server's, forwarded
    /// as bytes) this parses `line` each time it is read: only the rare paths that need a
    /// member's content (an initialize result, a filtered tools/list, an error body) do so.
    public var object: JSONObject {
        parsed ?? ((try? JSONParser.parse(line))?.objectValue ?? JSONObject())
    }
    /// The original bytes with every 0x0A and 0x0D removed and otherwise byte-identical, ready
    /// to be written as one stdio line (MCP stdio transport: messages are delimited by
    /// newlines and must not contain embedded newlines). Removing them is lossless: in valid
    /// JSON a raw CR or LF can only be insignificant whitespace (RFC 8259 §2, §7).
    public let line: [UInt8]

    public var method: String? {
        switch kind {
        case .request(_, let method), .notification(let method): method
        case .response, .errorResponse: nil
        }
    }

    public var id: JSONValue? {
        switch kind {
        case .request(let id, _), .response(let id), .errorResponse(let id): id
        case .notification: nil
        }
    }

    /// `params` when it is an object (MCP always uses by-name parameters).
    public var params: JSONObject? { object["params"]?.objectValue }

    /// Parses and validates one message. Not JSON → -32700; JSON but not a valid message → -32600.
    public static func decode(_ bytes: [UInt8]) throws(JSONRPCDecodeError) -> JSONRPCMessage {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw JSONRPCDecodeError(code: JSONRPCError.parseError, message: "parse error: \(error)")
        }
        let object: JSONObject
        switch value {
        case .object(let parsed):
            object = parsed
        case .array:
            throw JSONRPCDecodeError(
                code: JSONRPCError.invalidRequest,
                message: "invalid request: JSON-RPC batches are not supported")
        default:
            throw JSONRPCDecodeError(
                code: JSONRPCError.invalidRequest,
                message: "invalid request: a message must be a JSON object")
        }
        let kind = try classify(object)
        return JSONRPCMessage(kind: kind, parsed: object, line: LineBreakRemoval.removingLineBreaks(bytes))
    }

    /// Validates one message like `decode` (the same errors for the same bytes) without building
    /// a tree of it: the skimming scanner checks the whole text, and only what classification
    /// needs is decoded — `jsonrpc`, `id`, `method`, the kind of `params`, whether `result` is
    /// there, and `error`'s `code` and `message`. Memory stays proportional to the message: its
    /// bytes are forwarded as they came (issue 14).
    public static func skim(_ bytes: [UInt8]) throws(JSONRPCDecodeError) -> JSONRPCMessage {
        let found = bytes.withUnsafeBytes { raw in
            Result { () throws(JSONParseError) -> JSONObject? in
                guard let members = try JSONSkim.lastMembers(raw, named: routingNames) else { return nil }
                return try routingMembers(members, in: raw)
            }
        }
        let small: JSONObject?
        switch found {
        case .success(let value): small = value
        case .failure(let error): throw JSONRPCDecodeError(code: JSONRPCError.parseError, message: "parse error: \(error)")
        }
        guard let small else {
            let first = bytes.first { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
            throw JSONRPCDecodeError(
                code: JSONRPCError.invalidRequest,
                message: first == UInt8(ascii: "[")
                    ? "invalid request: JSON-RPC batches are not supported" : "invalid request: a message must be a JSON object")
        }
        return JSONRPCMessage(kind: try classify(small), parsed: nil, line: LineBreakRemoval.removingLineBreaks(bytes))
    }

    static let routingNames: Set<String> = ["jsonrpc", "id", "method", "params", "result", "error"]

    /// The members `classify` reads, decoded; `params` and `result` stand in by their kind only.
    private static func routingMembers(_ members: [String: Range<Int>], in raw: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONObject {
        var small: [JSONObject.Member] = []
        small.reserveCapacity(members.count)
        for (name, range) in members {
            let member = (name: name, value: range)
            let value = UnsafeRawBufferPointer(rebasing: raw[member.value])
            switch member.name {
            case "jsonrpc", "id", "method":
                small.append((member.name, try JSONParser.parse(value)))
            case "params":
                let opening = value.first
                small.append((member.name, opening == UInt8(ascii: "{") ? .object(JSONObject()) : opening == UInt8(ascii: "[") ? .array([]) : .null))
            case "result":
                small.append((member.name, .null))
            case "error":
                guard value.first == UInt8(ascii: "{"), let inner = try JSONSkim.lastMembers(value, named: ["code", "message"]) else {
                    small.append((member.name, .null))
                    continue
                }
                var error: [JSONObject.Member] = []
                for (field, range) in inner {
                    error.append((field, try JSONParser.parse(UnsafeRawBufferPointer(rebasing: value[range]))))
                }
                small.append((member.name, .object(JSONObject(error))))
            default:
                continue
            }
        }
        return JSONObject(small)
    }

    /// Validates a message built in code; `line` is the object serialized compactly.
    public init(object: JSONObject) throws(JSONRPCDecodeError) {
        self.init(kind: try Self.classify(object), parsed: object, line: object.serialized())
    }

    private init(kind: Kind, parsed: JSONObject?, line: [UInt8]) {
        self.kind = kind
        self.parsed = parsed
        self.line = line
    }

    static func classify(_ object: JSONObject) throws(JSONRPCDecodeError) -> Kind {
        let rawID = object["id"]
        let validID: JSONValue?
        switch rawID {
        case .string?, .number?: validID = rawID
        default: validID = nil
        }
        func invalid(_ rule: String) -> JSONRPCDecodeError {
            JSONRPCDecodeError(code: JSONRPCError.invalidRequest, message: "invalid request: " + rule, id: validID)
        }

        guard object["jsonrpc"] == .string("2.0") else {
            throw invalid("\"jsonrpc\" must be the string \"2.0\"")
        }
        let hasResult = object.contains(key: "result")
        let hasError = object.contains(key: "error")

        if let methodValue = object["method"] {
            guard case .string(let method) = methodValue else { throw invalid("\"method\" must be a string") }
            guard !hasResult, !hasError else {
                throw invalid("a message with \"method\" must not have \"result\" or \"error\"")
            }
            switch object["params"] {
            case nil, .object?, .array?: break
            default: throw invalid("\"params\" must be an object or an array")
            }
            guard rawID != nil else { return .notification(method: method) }
            guard let validID else { throw invalid("\"id\" must be a string or a number") }
            return .request(id: validID, method: method)
        }

        guard hasResult != hasError else {
            throw invalid(
                hasResult
                    ? "a response must not have both \"result\" and \"error\""
                    : "a message needs \"method\", \"result\" or \"error\"")
        }
        guard let rawID else { throw invalid("a response needs an \"id\"") }
        if hasResult {
            guard let validID else { throw invalid("\"id\" must be a string or a number") }
            return .response(id: validID)
        }
        guard validID != nil || rawID == .null else {
            throw invalid("\"id\" must be a string, a number or null")
        }
        guard case .object(let error)? = object["error"] else { throw invalid("\"error\" must be an object") }
        guard error["code"]?.intValue != nil else { throw invalid("\"error.code\" must be an integer") }
        guard error["message"]?.stringValue != nil else { throw invalid("\"error.message\" must be a string") }
        return .errorResponse(id: rawID)
    }
}
