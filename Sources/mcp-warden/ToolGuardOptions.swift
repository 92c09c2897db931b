// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Platform
import ToolGuard

extension ChangeMode: ExpressibleByArgument {}

/// What the editor may see of the server's tools (issue 17, README "Tool guard"): allow and deny
/// globs, read-only mode, what a changed or new tool does, and hidden text.
struct ToolGuardOptions: ParsableArguments {
    @Option(name: .customLong("ignore-tool"), help: ArgumentHelp("Hide tools whose name matches this glob (* and ?); repeatable.", valueName: "glob"))
    var ignoredTools: [String] = []

    @Option(
        name: .customLong("allow-tool"),
        help: ArgumentHelp("Show only tools whose name matches one of these globs (* and ?); repeatable; --ignore-tool wins.", valueName: "glob"))
    var allowedTools: [String] = []

    @Flag(name: .customLong("read-only"), help: "Show only tools whose annotations say readOnlyHint: true (a tool without annotations is hidden).")
    var readOnly = false

    @Option(
        name: .customLong("tool-changes"),
        help: ArgumentHelp(
            "A tool whose definition changed since it was pinned: hide (default: withheld until you accept it with mcp-warden tools NAME --accept), warn (shown, with a warning) or allow (pinned anew).",
            valueName: "mode"))
    var toolChanges: ChangeMode = .hide

    @Option(
        name: .customLong("new-tools"),
        help: ArgumentHelp("A tool added after the server's tools were pinned: hide (default), warn or allow, as for --tool-changes.", valueName: "mode"))
    var newTools: ChangeMode = .hide

    @Flag(
        name: .customLong("strip-invisible"), inversion: .prefixedNo,
        help: "Remove invisible characters (Unicode tags, zero-width and bidi controls, …) from tool text before the editor sees it (default: on).")
    var stripInvisible = true

    /// The guard of a bridge to `endpoint`: these options narrowed by the user endpoint's own
    /// settings, and the server's pins from `tool-pins.json` (a damaged or loose file is refused,
    /// exit 78, before anything is sent).
    func makeGuard(for endpoint: TrustOptions.PreparedEndpoint, serverArgument: String, log: Diagnostics) throws(UserError) -> ToolGuard {
        var settings = ToolGuard.Settings()
        var ignored = ignoredTools
        var allowLists = [ToolPolicy.AllowList(allowedTools, source: "--allow-tool")]
        var readOnlySource: String? = readOnly ? "--read-only" : nil
        if let own = endpoint.selection.user {
            ignored += own.ignoreTools
            allowLists.append(ToolPolicy.AllowList(own.allowTools, source: "the allow-list of endpoint \(own.name)"))
            if own.readOnly, readOnlySource == nil { readOnlySource = "endpoint \(own.name) is read-only" }
        }
        settings.policy = ToolPolicy(ignored: ignored, allowLists: allowLists, readOnly: readOnlySource)
        settings.changes = toolChanges
        settings.newTools = newTools
        settings.stripInvisible = stripInvisible
        let file = ToolPinFile(directory: endpoint.configDirectory)
        let store = file.store(for: endpoint.url)
        let record = try store.load()
        settings.pins = store
        settings.serverArgument = serverArgument.contains("://") ? VisibleText.redactingQuerySecrets(serverArgument) : serverArgument
        settings.today = { RecordFile.today() }
        settings.warn = { log.warning($0) }
        settings.inform = { log.info($0) }
        return ToolGuard(settings, record: record)
    }
}
