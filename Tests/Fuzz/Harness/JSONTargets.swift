// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

@testable import MCPFraming

/// The JSON parser (RFC 8259) and JSON-RPC classification: what the bridge reads from the editor
/// and from every server.
enum JSONTargets {
    /// Agreement: parse → serialize → parse gives the same value, and serializing is a fixed point;
    /// the output is one line (no CR or LF: the MCP stdio framing); every number literal kept
    /// verbatim is valid RFC 8259 §6 grammar.
    static let roundTrip = FuzzTarget(name: "json", checks: "parse = reparse(serialize(parse)); serialize is a fixed point; output has no CR/LF") { bytes in
        guard let value = try? JSONParser.parse(bytes) else { return }
        let line = value.serialized()
        require(!line.contains(0x0A) && !line.contains(0x0D), "serialized JSON holds a line break")
        guard let again = try? JSONParser.parse(line) else { return require(false, "serialized JSON does not parse") }
        require(again == value, "serialize → parse changed the value")
        require(again.serialized() == line, "serialize is not a fixed point")
        forEachNumber(in: value) { require(JSONNumberGrammar.isValid($0), "parsed number literal \($0) is not RFC 8259 grammar") }
    }

    /// Agreement: `decode` fails with -32700 exactly when `JSONParser` fails; a decoded message's
    /// `line` has no CR/LF and decodes to the same kind; `init(object:)` classifies the parsed
    /// object the same way; an error carries an id only when it is a string or a number.
    static let rpc = FuzzTarget(name: "jsonrpc", checks: "-32700 iff the parser fails; line has no CR/LF and decodes to the same kind; init(object:) agrees") {
        bytes in
        let parsed = try? JSONParser.parse(bytes)
        do throws(JSONRPCDecodeError) {
            let message = try JSONRPCMessage.decode(bytes)
            require(parsed?.objectValue == message.object, "decode's object differs from the parser's")
            require(!message.line.contains(0x0A) && !message.line.contains(0x0D), "a message line holds a line break")
            let reread = try? JSONRPCMessage.decode(message.line)
            require(reread?.kind == message.kind && reread?.object == message.object, "the line does not decode to the same message")
            let built = try? JSONRPCMessage(object: message.object)
            require(built?.kind == message.kind, "init(object:) classifies differently")
        } catch {
            require((error.code == JSONRPCError.parseError) == (parsed == nil), "code \(error.code) disagrees with the parser")
            require(error.code == JSONRPCError.parseError || error.code == JSONRPCError.invalidRequest, "unexpected code \(error.code)")
            switch error.id {
            case nil, .string?, .number?: break
            default: require(false, "an error response would carry an id that is not a string or a number")
            }
            if let object = parsed?.objectValue {
                require((try? JSONRPCMessage(object: object)) == nil, "init(object:) accepts what decode refused")
            }
            let response = error.errorResponse()
            require((try? JSONRPCMessage.decode(response))?.kind == .errorResponse(id: error.id ?? .null), "the error response is not a valid error response")
        }
    }

    static func forEachNumber(in value: JSONValue, _ body: (String) -> Void) {
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .number(let literal): body(literal)
            case .array(let elements): pending += elements
            case .object(let object): pending += object.members.map(\.value)
            default: break
            }
        }
    }
}
