// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

@testable import MCPFraming

/// The skimming scanner (issue 14 item 2) against the full parser.
///
/// Compiled only with `-D MCP_WARDEN_SKIM`, which `make fuzz` passes once
/// `Sources/MCPFraming/JSONSkim*.swift` exists; until then this target is absent. Written against
/// the scanner's draft API `JSONSkim.members(_:maxDepth:) throws(JSONParseError) -> [Member]?`
/// (a `Member` has `name` and the byte range `value`); if the API differs when it lands, adapt
/// this file, keep the properties.
///
/// Agreement, for every input: the scanner throws exactly when `JSONParser.parse` throws, with the
/// same error (offset and reason); it returns nil exactly when the value is not an object;
/// otherwise its members are the object's members in order (duplicates kept), and the bytes of
/// each member's range parse to that member's value; and `JSONRPCMessage.skim` agrees with
/// `JSONRPCMessage.decode`.
enum SkimTarget {
    #if MCP_WARDEN_SKIM
        static let target: FuzzTarget? = FuzzTarget(
            name: "skim", checks: "skim throws iff parse throws (same error); members and value ranges = the parsed object"
        ) { bytes in
            let parsed = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(bytes) }
            let skimmed = bytes.withUnsafeBytes { raw in
                Result { () throws(JSONParseError) -> [JSONSkim.Member]? in try JSONSkim.members(raw) }
            }
            switch (parsed, skimmed) {
            case (.failure(let full), .failure(let skim)):
                require(full == skim, "parser says \(full), scanner says \(skim)")
            case (.success(let value), .success(let members)):
                guard case .object(let object) = value else { return require(members == nil, "scanner found members in a non-object") }
                guard let members else { return require(false, "scanner says not an object") }
                require(members.map(\.name) == object.keys, "member names differ")
                for (member, expected) in zip(members, object.members) {
                    require((try? JSONParser.parse(Array(bytes[member.value]))) == expected.value, "the range of \(member.name) does not hold its value")
                }
            case (.failure(let full), .success):
                require(false, "parser refuses (\(full)), scanner accepts")
            case (.success, .failure(let skim)):
                require(false, "parser accepts, scanner refuses (\(skim))")
            }
            // The message layer on top: `JSONRPCMessage.skim` (routing members only, last one wins)
            // gives `decode`'s verdict — the same kind, or the same error code, message and id.
            let decoded = Result { () throws(JSONRPCDecodeError) -> JSONRPCMessage in try JSONRPCMessage.decode(bytes) }
            let skimmedMessage = Result { () throws(JSONRPCDecodeError) -> JSONRPCMessage in try JSONRPCMessage.skim(bytes) }
            switch (decoded, skimmedMessage) {
            case (.success(let a), .success(let b)):
                require(a.kind == b.kind && a.line == b.line, "decode and skim classify differently")
            case (.failure(let a), .failure(let b)):
                require(a.code == b.code && a.message == b.message && a.id == b.id, "decode says \(a.message), skim says \(b.message)")
            default:
                require(false, "decode and skim disagree on accepting the message")
            }
        }
    #else
        static let target: FuzzTarget? = nil
    #endif
}
