// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import Synchronization

/// The tool guard of one bridge run: screens every `tools/list` answer before the editor sees
/// it (policy, pins, hidden text) and refuses a `tools/call` to a tool the editor may not see,
/// before anything reaches the server. Only `tools/list` answers are parsed (issue 17 item 5); a
/// call costs a dictionary lookup.
public final class ToolGuard: Sendable {
    public struct Settings: Sendable {
        public var policy = ToolPolicy()
        /// `--tool-changes`: a tool whose definition differs from its pin.
        public var changes = ChangeMode.hide
        /// `--new-tools`: a tool added after the server's first listing.
        public var newTools = ChangeMode.hide
        /// `--strip-invisible`: hidden characters are removed from what the editor sees.
        public var stripInvisible = true
        /// Where pins are kept; nil pins nothing.
        public var pins: (any ToolPinStore)? = nil
        /// The server as the user names it on the command line (for the `mcp-warden tools` hints).
        public var serverArgument = ""
        /// Today's date (UTC) as records show it.
        public var today: @Sendable () -> String = { "" }
        /// One warning line on stderr (the sink sanitizes it).
        public var warn: @Sendable (String) -> Void = { _ in }
        /// One informational line on stderr.
        public var inform: @Sendable (String) -> Void = { _ in }
        /// At most this many tools are pinned per server; further new tools are withheld.
        public var maxPinnedTools = 20_000
        /// A longer tool name is withheld (MCP 2025-11-25 "Tool names": 1 to 128 characters).
        public var maxNameBytes = 256
        /// Warning lines per `tools/list` answer; the rest are counted in one line.
        public var maxWarningLines = 20

        public init() {}
    }

    /// Why a call is refused: the JSON-RPC error's message and data.
    public struct Refusal: Sendable, Equatable {
        public let message: String
        public let data: JSONValue

        init(_ message: String, reason: String, extra: [(String, JSONValue)] = []) {
            self.message = message
            self.data = .object(JSONObject([("toolGuard", .string(reason))] + extra))
        }
    }

    struct State {
        /// The last verdict of each tool listed in this run: nil when the editor may call it.
        var listed: [String: Refusal?] = [:]
        /// The server's record as last read or written.
        var record: ServerPins?
        /// True while this run pins the server's first listing (until a page without `nextCursor`).
        var firstListing: Bool?
        /// Warnings said already in this run (tool and digest), so a list asked again is quiet.
        var warned: Set<String> = []
    }

    let settings: Settings
    let state: Mutex<State>

    /// `record` is the server's record as read at start (nil: none yet).
    public init(_ settings: Settings, record: ServerPins? = nil) {
        self.settings = settings
        self.state = Mutex(State(record: record))
    }

    /// False when a `tools/list` answer can pass as it is: nothing pinned, filtered or stripped.
    public var screensLists: Bool { settings.pins != nil || !settings.policy.isEmpty || settings.stripInvisible }

    /// Why a `tools/call` of `name` must not reach the server, or nil. A tool listed in this run
    /// has its verdict; another is judged from the record (an editor may call a tool it listed in
    /// an earlier run) and by name, and read-only mode refuses what it cannot see annotated.
    public func refusal(forCall name: String) -> Refusal? {
        guard settings.pins != nil || !settings.policy.isEmpty else { return nil }
        return state.withLock { state -> Refusal? in
            if let listed = state.listed[name] { return listed }
            let pin = state.record?.tools[name]
            let hint = pin?.pending == nil ? pin?.pinned?.readOnlyHint : nil
            if let reason = settings.policy.refusal(name: name, readOnlyHint: hint) { return policyRefusal(name, reason) }
            guard settings.pins != nil, let record = state.record else { return nil }
            return pinRefusal(name, pin: pin, record: record)
        }
    }

    func policyRefusal(_ name: String, _ reason: String) -> Refusal {
        Refusal("tool \"\(Self.shown(name))\" is not available (\(reason))", reason: "policy")
    }

    /// The refusal the pins give a tool, if any.
    func pinRefusal(_ name: String, pin: ToolPin?, record: ServerPins) -> Refusal? {
        guard let pin, pin.pinned != nil else {
            guard settings.newTools == .hide else { return nil }
            return Refusal(
                "tool \"\(Self.shown(name))\" is withheld by mcp-warden: it is not among the tools of \(record.server) pinned on \(record.firstSeen); if the server lists it, accept it with: \(acceptCommand(name))",
                reason: "new", extra: [("accept", .string(acceptCommand(name)))])
        }
        guard pin.pending != nil, settings.changes == .hide else { return nil }
        return changedRefusal(name, aspects: pin.pendingAspects, since: pin.pinnedOn)
    }

    func changedRefusal(_ name: String, aspects: [ToolDefinition.Aspect], since: String) -> Refusal {
        Refusal(
            "tool \"\(Self.shown(name))\" is withheld by mcp-warden: its \(ToolDefinition.Aspect.phrase(aspects)) changed since it was pinned on \(since); review it with mcp-warden tools \(Self.quoted(settings.serverArgument)), accept the change with: \(acceptCommand(name))",
            reason: "changed", extra: [("changed", .array(aspects.map { .string($0.rawValue) })), ("accept", .string(acceptCommand(name)))])
    }

    func newRefusal(_ name: String) -> Refusal {
        Refusal(
            "tool \"\(Self.shown(name))\" is withheld by mcp-warden: it is new since the server's tools were pinned; review it with mcp-warden tools \(Self.quoted(settings.serverArgument)), accept it with: \(acceptCommand(name))",
            reason: "new", extra: [("accept", .string(acceptCommand(name)))])
    }

    /// `mcp-warden tools SERVER --accept NAME`, quoted for a POSIX shell.
    func acceptCommand(_ name: String) -> String {
        "mcp-warden tools \(Self.quoted(settings.serverArgument)) --accept \(Self.quoted(Self.shown(name)))"
    }

    /// A name as messages show it: hidden characters escaped, at most 80 characters.
    static func shown(_ name: String) -> String {
        let escaped = HiddenText.escaped(name)
        return escaped.count > 80 ? String(escaped.prefix(80)) + "…" : escaped
    }

    /// `text` as one POSIX shell word: as it is when it holds only safe characters, else in single quotes.
    static func quoted(_ text: String) -> String {
        let safe =
            !text.isEmpty
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || "_-.:/@%+=,".utf8.contains(byte)
            }
        return safe ? text : "'" + text.replacingSingleQuotes() + "'"
    }
}

extension String {
    func replacingSingleQuotes() -> String {
        var out = ""
        for character in self { out += character == "'" ? "'\\''" : String(character) }
        return out
    }
}
