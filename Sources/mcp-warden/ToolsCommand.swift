// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import MCPFraming
import Platform
import ToolGuard

/// `mcp-warden tools NAME|URL`: the tools of a server as pinned on first use, and the changes
/// waiting for the user; `--accept` takes them, `--forget` drops the server's record (issue 17).
struct ToolsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tools",
        abstract: "Show a server's pinned tools and pending changes; accept changes (--accept) or forget the pins (--forget)."
    )

    @Argument(help: ArgumentHelp("A registry name, one of your endpoints, or the server's URL.", valueName: "name-or-url"))
    var server: String

    @Argument(help: ArgumentHelp("Tools to show or accept (default: all).", valueName: "tool"))
    var names: [String] = []

    @Flag(help: "Accept the pending changes of the named tools (all when none is named): they become the pins.")
    var accept = false

    @Flag(help: "Drop the server's pins: its next tools/list pins its tools again (first use).")
    var forget = false

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func validate() throws {
        if accept && forget { throw ValidationError("--accept and --forget cannot be combined") }
        if forget && !names.isEmpty { throw ValidationError("--forget drops the whole record; it takes no tool names") }
    }

    func run() throws {
        do { try work() } catch { throw error.reported() }
    }

    func work() throws(UserError) {
        let environment = ProcessEnvironment.current()
        let directory = try ConfigLocation.directory(environment: environment)
        let userEndpoints = try UserEndpointStore(directory: directory).load()
        let url = try EndpointSelection.resolve(server, allowUnlisted: true, userEndpoints: userEndpoints).url
        let file = ToolPinFile(directory: directory)
        let store = file.store(for: url)
        guard let record = try store.load() else {
            throw UserError(
                .usage, "no tools are pinned for \(store.server)",
                hint: "mcp-warden pins a server's tools at its first tools/list through mcp-warden; mcp-warden status lists the servers pinned")
        }
        // A name as this command prints it (hidden characters escaped) names the tool too.
        let names = self.names.map { given in record.tools.keys.first { HiddenText.escaped($0) == given } ?? given }
        let unknown = names.filter { record.tools[$0] == nil }
        guard unknown.isEmpty else {
            throw UserError(.usage, "\(store.server) has no tool named \(unknown.map { "\"\(HiddenText.escaped($0))\"" }.joined(separator: ", "))")
        }
        if forget {
            try file.modify { (records: inout [ServerPins]) throws(UserError) in records.removeAll { $0.server == store.server && $0.variant == store.variant }
            }
            print("forgot the \(record.pinnedCount) pinned tools of \(VisibleText.sanitized(store.server)); its next tools/list pins them again (first use)")
            return
        }
        if accept {
            let today = RecordFile.today()
            let accepted = try file.modify { (records: inout [ServerPins]) throws(UserError) -> [String] in
                guard let index = store.find(in: records) else { return [] }
                return records[index].accept(names, today: today)
            }
            guard !accepted.isEmpty else {
                throw UserError(.usage, "nothing to accept: \(names.isEmpty ? "no change is pending" : "no change is pending for the tools named")")
            }
            for name in accepted { print("accepted \(VisibleText.sanitized(HiddenText.escaped(name)))") }
            return
        }
        print(json ? String(decoding: Self.json(record, only: names).serialized(), as: UTF8.self) : Self.text(record, only: names))
    }

    static func chosen(_ record: ServerPins, _ names: [String]) -> [(String, ToolPin)] {
        record.tools.filter { names.isEmpty || names.contains($0.key) }.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
    }

    /// One line per tool: name, pin date, short digest, hints, flags; and what is pending.
    static func text(_ record: ServerPins, only names: [String]) -> String {
        var lines = [
            "\(record.server): \(record.pinnedCount) tool\(record.pinnedCount == 1 ? "" : "s") pinned (first seen \(record.firstSeen)), \(record.pendingCount) change\(record.pendingCount == 1 ? "" : "s") pending"
        ]
        for (name, pin) in chosen(record, names) {
            let shown = HiddenText.escaped(name)
            if let pinned = pin.pinned {
                lines.append("  \(shown.padding(24))\(String(pinned.digest.prefix(12)))  pinned \(pin.pinnedOn)  \(describe(pinned))")
            } else {
                lines.append("  \(shown.padding(24))(not pinned)  first seen \(pin.firstSeen)")
            }
            if let pending = pin.pending {
                let what = pin.pinned == nil ? "new tool" : ToolDefinition.Aspect.phrase(pin.pendingAspects) + " changed"
                lines.append(
                    "      pending since \(pending.seen): \(what) (\(String(pending.fingerprint.digest.prefix(12))), \(describe(pending.fingerprint)))")
                if !pending.description.isEmpty { lines.append("      description now: \(pending.description)") }
            }
        }
        if record.pendingCount > 0 { lines.append("accept with: mcp-warden tools \(record.server) --accept [TOOL…]") }
        return lines.map { VisibleText.sanitized($0) }.joined(separator: "\n")
    }

    static func describe(_ fingerprint: ToolFingerprint) -> String {
        let hints = fingerprint.hints.isEmpty ? "no hints" : fingerprint.hints.joined(separator: ", ")
        return fingerprint.flags.isEmpty ? hints : hints + "; flagged: " + fingerprint.flags.joined(separator: ", ")
    }

    static func json(_ record: ServerPins, only names: [String]) -> JSONValue {
        var tools: [JSONValue] = []
        for (name, pin) in chosen(record, names) {
            var object = JSONObject([("name", .string(HiddenText.escaped(name))), ("firstSeen", .string(pin.firstSeen))])
            if let pinned = pin.pinned {
                object["pinnedOn"] = .string(pin.pinnedOn)
                object["digest"] = .string(String(pinned.digest.prefix(12)))
                object["annotations"] = .array(pinned.hints.map { .string($0) })
                object["flags"] = .array(pinned.flags.map { .string($0) })
            }
            if let pending = pin.pending {
                object["pending"] = .object(
                    JSONObject([
                        ("change", .string(pin.pinned == nil ? "new" : "changed")), ("what", .array(pin.pendingAspects.map { .string($0.rawValue) })),
                        ("seen", .string(pending.seen)), ("digest", .string(String(pending.fingerprint.digest.prefix(12)))),
                        ("annotations", .array(pending.fingerprint.hints.map { .string($0) })),
                        ("flags", .array(pending.fingerprint.flags.map { .string($0) })), ("description", .string(pending.description))
                    ]))
            }
            tools.append(.object(object))
        }
        return .object(
            JSONObject([
                ("server", .string(VisibleText.sanitized(record.server))), ("firstSeen", .string(record.firstSeen)), ("pinned", .integer(record.pinnedCount)),
                ("pending", .integer(record.pendingCount)), ("tools", .array(tools))
            ]))
    }
}
