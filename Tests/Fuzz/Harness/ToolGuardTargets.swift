// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

@testable import ToolGuard

/// What the tool guard reads from outside: a server's `tools/list` answer, and the record file
/// `tool-pins.json` (which another process or a damaged disk may have changed).
enum ToolGuardTargets {
    /// Agreement: an accepted server record encodes to JSON that decodes to the same record, and
    /// encoding is then a fixed point.
    static let pins = FuzzTarget(name: "tool-pins", checks: "decode(encode(decode)) = decode; encode is a fixed point") { bytes in
        guard let value = try? JSONParser.parse(bytes), let record = try? ServerPins(json: value) else { return }
        let encoded = record.json().serialized()
        guard let again = try? ServerPins(json: JSONParser.parse(encoded)) else { return require(false, "an encoded record does not decode") }
        require(again == record, "encode → decode changes the record")
        require(again.json().serialized() == encoded, "encoding is not a fixed point")
    }

    /// Invariants of a screened answer (pins in memory, hidden text stripped): a JSON-RPC message
    /// with the answer's id; every tool it keeps was in the answer, once, and carries no hidden
    /// character; a second screening by the same guard keeps no tool the first withheld.
    static let toolsList = FuzzTarget(name: "tools-list", checks: "same id; kept ⊆ listed, unique, no hidden text; withheld stays withheld") {
        bytes in
        guard let answer = try? JSONRPCMessage.skim(bytes), case .response(let id) = answer.kind else { return }
        var settings = ToolGuard.Settings()
        settings.pins = MemoryPinStore(server: "https://fuzz.example/mcp")
        settings.policy = ToolPolicy(ignored: ["ignored*"])
        let toolGuard = ToolGuard(settings)
        guard let out = try? JSONRPCMessage.decode(toolGuard.screen(answer)) else { return require(false, "the screened line is not JSON-RPC") }
        require(out.id == id, "the screened answer lost its id")
        guard case .response = out.kind, let kept = out.object["result"]?["tools"]?.arrayValue else { return }
        let listed = Set((answer.object["result"]?["tools"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue })
        let names = kept.compactMap { $0["name"]?.stringValue }
        require(names.count == kept.count && Set(names).count == names.count, "a kept tool has no name, or a name twice")
        require(Set(names).isSubset(of: listed), "a kept tool was not listed")
        for tool in kept {
            HiddenTextFinding.visitStrings(tool) { require(HiddenText.isClean($0), "hidden text reached the editor") }
            require(toolGuard.refusal(forCall: tool["name"]!.stringValue!) == nil, "a kept tool's call is refused")
        }
        for name in listed.subtracting(names) { require(toolGuard.refusal(forCall: name) != nil, "a withheld tool's call is not refused") }
    }
}
