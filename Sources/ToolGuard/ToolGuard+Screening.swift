// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

extension ToolGuard {
    /// One tool of an answer, and what the guard made of it.
    struct Screened {
        let definition: ToolDefinition
        /// Withheld whatever its pin says: listed twice, a name too long, beyond the record's limit.
        var refusal: Refusal?
        /// Hidden by the policy (it is still pinned: a later policy may show it).
        var policy: Refusal?
        var verdict: ServerPins.Verdict?
        var flags: [String] = []
    }

    /// A `tools/list` answer as the editor may see it: the line to write. Every tool is judged by
    /// the policy, its pin and its text; a tool withheld leaves the list (and its calls are refused),
    /// hidden characters leave the text with `--strip-invisible`. An answer that needs no change is
    /// written as it came; one whose pins cannot be read or written becomes a JSON-RPC error (fail
    /// closed). Reads and writes the record file: call it off the loop thread.
    public func screen(_ answer: JSONRPCMessage) -> [UInt8] {
        guard case .response(let id) = answer.kind, screensLists else { return answer.line }
        var object = answer.object
        guard var result = object["result"]?.objectValue, let tools = result["tools"]?.arrayValue else { return answer.line }
        let lastPage = result["nextCursor"] == nil || result["nextCursor"] == .null
        var notes = Notes(limit: settings.maxWarningLines)
        var screened = judge(tools, notes: &notes)
        var record: ServerPins? = nil
        if let store = settings.pins {
            do {
                record = try pin(&screened, in: store, lastPage: lastPage, notes: &notes)
            } catch {
                settings.warn("cannot check the tools of \(store.server) against their pins: \(error.message)")
                return JSONRPCError.response(
                    id: id, code: JSONRPCError.internalError,
                    message: "mcp-warden: cannot check the server's tools against their pins: \(error.message)",
                    data: .object(JSONObject([("toolGuard", .string("record"))])))
            }
        }
        let server = settings.pins?.server ?? "the server"
        var kept: [JSONValue] = []
        var changed = screened.count != tools.count
        for index in screened.indices {
            let item = screened[index]
            let name = item.definition.name
            if item.refusal == nil, item.policy != nil {
                screened[index].refusal = item.policy
            } else if let verdict = item.verdict, item.refusal == nil {
                screened[index].refusal = verdictRefusal(name, verdict)
                note(verdict, of: item, server: server, notes: &notes)
                noteFlags(item, verdict: verdict, server: server, notes: &notes)
            } else if item.refusal == nil, settings.pins == nil {
                noteFlags(item, verdict: nil, server: server, notes: &notes)
            }
            if screened[index].refusal == nil, settings.stripInvisible, !HiddenText.isClean(name) {
                screened[index].refusal = Refusal(
                    "tool \"\(Self.shown(name))\" is not available: its name holds invisible characters", reason: "hidden-name")
            }
            guard screened[index].refusal == nil else {
                changed = true
                continue
            }
            if settings.stripInvisible, !item.definition.findings.isEmpty {
                kept.append(item.definition.strippingHiddenText())
                changed = true
            } else {
                kept.append(item.definition.value)
            }
        }
        notes.flush(settings)
        state.withLock { state in
            if let record { state.record = record }
            for item in screened { state.listed[item.definition.name] = item.refusal }
        }
        guard changed else { return answer.line }
        result["tools"] = .array(kept)
        object["result"] = .object(result)
        guard let rebuilt = try? JSONRPCMessage(object: object) else {
            // Cannot happen for an answer that classified before; never forward the unscreened list.
            return JSONRPCError.response(id: id, code: JSONRPCError.internalError, message: "mcp-warden: could not rebuild the tools/list answer")
        }
        return rebuilt.line
    }

    /// The tools as definitions, with what the policy, duplicates and names say about them.
    func judge(_ tools: [JSONValue], notes: inout Notes) -> [Screened] {
        var screened: [Screened] = []
        var index: [String: Int] = [:]
        for value in tools {
            guard let definition = ToolDefinition(value) else { continue }
            let name = definition.name
            if let first = index[name] {
                if screened[first].definition.fingerprint.digest != definition.fingerprint.digest,
                    screened[first].refusal?.data["toolGuard"] != .string("duplicate")
                {
                    screened[first].refusal = Refusal(
                        "tool \"\(Self.shown(name))\" is not available: the server lists it more than once, with different definitions", reason: "duplicate")
                    screened[first].verdict = nil
                    notes.warn("the server lists the tool \"\(Self.shown(name))\" more than once with different definitions; withheld")
                }
                continue
            }
            index[name] = screened.count
            var item = Screened(definition: definition)
            if name.utf8.count > settings.maxNameBytes {
                item.refusal = Refusal("tool \"\(Self.shown(name))\" is not available: its name is longer than \(settings.maxNameBytes) bytes", reason: "name")
                notes.warn("the server lists a tool whose name is longer than \(settings.maxNameBytes) bytes (\"\(Self.shown(name))\"); withheld")
            } else if let reason = settings.policy.refusal(name: name, readOnlyHint: definition.fingerprint.readOnlyHint) {
                item.policy = policyRefusal(name, reason)
            }
            if !definition.findings.isEmpty { item.flags.append("hidden-text") }
            if !LookAlikeNames.mixedScripts(name).isEmpty { item.flags.append("mixed-script") }
            screened.append(item)
        }
        for (name, other) in LookAlikeNames.shadowing(in: screened.map(\.definition.name)) {
            if let at = index[name] { screened[at].flags.append("look-alike:" + other) }
        }
        return screened
    }

    /// Reviews the tools against the record (those the policy hides too), under the store's lock;
    /// sets their verdicts and returns the record as kept.
    func pin(_ screened: inout [Screened], in store: any ToolPinStore, lastPage: Bool, notes: inout Notes) throws(ToolPinError) -> ServerPins? {
        let session = state.withLock { $0.firstListing }
        let today = settings.today()
        let candidates = screened.indices.filter { screened[$0].refusal == nil }
        let (verdicts, first, record, full) = try store.update { (stored: inout ServerPins?) -> ([ServerPins.Verdict?], Bool, ServerPins?, Int) in
            let first = session ?? (stored == nil)
            var pins = stored ?? ServerPins(server: store.server, variant: store.variant, firstSeen: today)
            var full = 0
            let verdicts = candidates.map { at -> ServerPins.Verdict? in
                let item = screened[at]
                var fingerprint = item.definition.fingerprint
                fingerprint.flags = item.flags.map { $0.hasPrefix("look-alike:") ? "look-alike" : $0 }
                if pins.tools[item.definition.name] == nil, pins.tools.count >= settings.maxPinnedTools {
                    full += 1
                    return nil
                }
                let description = HiddenTextFinding.cut(HiddenText.escaped(item.definition.value["description"]?.stringValue ?? ""))
                return pins.review(
                    item.definition.name, fingerprint, description: description, firstListing: first, changes: settings.changes,
                    newTools: settings.newTools, today: today)
            }
            stored = pins
            return (verdicts, first, pins, full)
        }
        for (at, verdict) in zip(candidates, verdicts) {
            screened[at].verdict = verdict
            if verdict == nil {
                screened[at].refusal = Refusal(
                    "tool \"\(Self.shown(screened[at].definition.name))\" is not available: \(store.server) has more than \(settings.maxPinnedTools) tools",
                    reason: "limit")
            }
        }
        if full > 0 { notes.warn("\(store.server) lists more than \(settings.maxPinnedTools) tools; \(full) further tools are withheld, not pinned") }
        let pinnedNow = verdicts.filter { $0 == .pinnedFirst }.count
        if pinnedNow > 0 {
            notes.inform(
                "pinned \(pinnedNow) tool\(pinnedNow == 1 ? "" : "s") of \(store.server) (first use): a later change to one is withheld until you accept it; mcp-warden tools \(Self.quoted(settings.serverArgument)) shows them"
            )
        }
        state.withLock { $0.firstListing = lastPage ? false : first }
        return record
    }

    /// The refusal a verdict gives under the change modes (nil: shown).
    func verdictRefusal(_ name: String, _ verdict: ServerPins.Verdict) -> Refusal? {
        switch verdict {
        case .unchanged, .pinnedFirst: return nil
        case .changed(let aspects, let since): return settings.changes == .hide ? changedRefusal(name, aspects: aspects, since: since) : nil
        case .new: return settings.newTools == .hide ? newRefusal(name) : nil
        }
    }
}
