// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// What the guard says on stderr about one `tools/list` answer: one line per change, per new tool
/// and per flagged text, each said once per run, and at most `limit` lines per answer (a hostile
/// list of 10,000 new tools gets 20 lines and a count).
struct Notes {
    let limit: Int
    private(set) var lines: [(warning: Bool, text: String)] = []
    private(set) var more = 0

    init(limit: Int) { self.limit = limit }

    mutating func warn(_ text: String) { add(true, text) }
    mutating func inform(_ text: String) { add(false, text) }

    private mutating func add(_ warning: Bool, _ text: String) {
        if lines.count < limit { lines.append((warning, text)) } else { more += 1 }
    }

    func flush(_ settings: ToolGuard.Settings) {
        for line in lines { line.warning ? settings.warn(line.text) : settings.inform(line.text) }
        if more > 0 { settings.warn("and \(more) more such line\(more == 1 ? "" : "s") about this tools/list answer") }
    }
}

extension ToolGuard {
    /// True the first time in this run that `key` is noted.
    func firstTime(_ key: String) -> Bool {
        state.withLock { $0.warned.insert(key).inserted }
    }

    /// The line a change or a new tool gets (once per run and definition).
    func note(_ verdict: ServerPins.Verdict, of item: Screened, server: String, notes: inout Notes) {
        let name = Self.shown(item.definition.name)
        let digest = item.definition.fingerprint.digest
        let accept = "accept it with: \(acceptCommand(item.definition.name))"
        switch verdict {
        case .unchanged, .pinnedFirst:
            return
        case .changed(let aspects, let since):
            guard firstTime("changed\u{0}\(item.definition.name)\u{0}\(digest)") else { return }
            let what = "tool \"\(name)\" of \(server) changed its \(ToolDefinition.Aspect.phrase(aspects)) since it was pinned on \(since)"
            say(what, mode: settings.changes, option: "--tool-changes", accept: accept, notes: &notes)
        case .new:
            guard firstTime("new\u{0}\(item.definition.name)\u{0}\(digest)") else { return }
            let what = "tool \"\(name)\" of \(server) is new since its tools were pinned"
            say(what, mode: settings.newTools, option: "--new-tools", accept: accept, notes: &notes)
        }
    }

    /// One line about a change or a new tool, as its mode treats it.
    func say(_ what: String, mode: ChangeMode, option: String, accept: String, notes: inout Notes) {
        switch mode {
        case .hide: notes.warn("\(what); withheld from the editor (\(option) hide); \(accept)")
        case .warn: notes.warn("\(what); shown anyway (\(option) warn); \(accept)")
        case .allow: notes.inform("\(what); pinned as it is now (\(option) allow)")
        }
    }

    /// The lines flagged text gets: when the definition is pinned, changed or new (an unchanged
    /// one was flagged when it was pinned), or, without pins, the first time in the run.
    func noteFlags(_ item: Screened, verdict: ServerPins.Verdict?, server: String, notes: inout Notes) {
        guard !item.flags.isEmpty, verdict != .unchanged else { return }
        guard firstTime("flags\u{0}\(item.definition.name)\u{0}\(item.definition.fingerprint.digest)") else { return }
        let name = Self.shown(item.definition.name)
        for finding in item.definition.findings {
            let spelled = finding.tagText.map { " (its Unicode tag characters spell \"\($0)\")" } ?? ""
            let outcome =
                settings.stripInvisible ? "removed before the editor sees it (--strip-invisible)" : "passed on as it is (--no-strip-invisible)"
            notes.warn(
                "tool \"\(name)\" of \(server): its \(finding.field) holds \(finding.count) invisible character\(finding.count == 1 ? "" : "s"): \"\(finding.excerpt)\"\(spelled); \(outcome)"
            )
        }
        let scripts = LookAlikeNames.mixedScripts(item.definition.name)
        if !scripts.isEmpty {
            notes.warn("tool \"\(name)\" of \(server): its name mixes \(scripts.joined(separator: " and ")) letters, which look alike")
        }
        for flag in item.flags where flag.hasPrefix("look-alike:") {
            notes.warn("tool \"\(name)\" of \(server): its name reads like the tool \"\(Self.shown(String(flag.dropFirst(11))))\"")
        }
    }
}
