// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import EditorConfigs
import Glibc
import MCPFraming
import Platform

/// `mcp-warden audit [PATH…] [--json]`: walks the MCP security checklist over the editors'
/// configs (README "audit"). Reads only; prints the report on stdout; never prints a secret.
/// Exit 0: nothing above info; 1: warnings; 2: problems; 64: bad command line.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check the editors' MCP configs against the security checklist (never prints a secret).",
        discussion: """
            Without paths, reads the MCP configs of Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, \
            Zed, Codex and Gemini CLI in your home directory and in the current project. Exit codes: 0 \
            nothing above info, 1 warnings, 2 problems, 64 bad command line.
            """
    )

    @Argument(help: ArgumentHelp("Config files to audit instead of the editors' own.", valueName: "path")) var paths: [String] = []
    @Flag(help: "Print JSON (README \"audit\" documents its shape).") var json = false
    @Option(name: .customLong("client"), help: ArgumentHelp("Only this editor's files (repeatable).", valueName: "client"))
    var clients: [String] = []
    @Option(name: .customLong("rotation-days"), help: "Age after which a stored authorization should be renewed (default 90).")
    var rotationDays = 90

    func validate() throws {
        guard rotationDays >= 0 else { throw ValidationError("--rotation-days must be 0 or more") }
        for client in clients where EditorClient(rawValue: client) == nil {
            throw ValidationError("unknown client \"\(client.prefix(40))\"; known: \(EditorClient.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let environment = ProcessEnvironment.current()
        let host = EditorConfigFiles.host(environment: environment)
        let chosen = clients.isEmpty ? EditorClient.allCases : clients.compactMap(EditorClient.init(rawValue:))
        let files = paths.isEmpty ? EditorConfigFiles.discover(chosen, on: host) : paths.map { EditorConfigFiles.file(named: $0, on: host) }
        let listening = EditorConfigFiles.listeningSockets()
        var report = AuditReport()
        for file in files { report.add(EditorConfigFiles.read(file), home: host.home, listening: listening) }
        if paths.isEmpty {
            report.findings += AuditMachine.mcpRemoteCache(environment: environment)
            report.findings += AuditMachine.staleGrants(environment: environment, days: rotationDays)
        }
        print(json ? String(decoding: report.json().serialized(), as: UTF8.self) : report.text())
        let code = report.findings.exitCode
        if code != 0 { throw ExitCode(code) }
    }
}

/// What `audit` found, per file and in all.
struct AuditReport {
    struct FileLine {
        let file: EditorConfigFile
        let status: String
        let servers: Int
        let symlinkTarget: String?
    }

    var files: [FileLine] = []
    var findings: [Finding] = []

    mutating func add(_ read: EditorConfigFiles.Read, home: String, listening: ListeningSockets) {
        let file = read.file
        if read.ownerUID != geteuid(), read.ownerUID != 0 {
            findings.append(
                Finding(
                    .foreignOwner, .warning, file: file.path, client: file.client,
                    message: "\(file.path) belongs to another user (uid \(read.ownerUID)), who can change what your editor runs",
                    fix: "move it into a file of yours; mcp-warden never writes it"))
        }
        let bytes: [UInt8]
        switch read.bytes {
        case .failure(let error):
            files.append(FileLine(file: file, status: "unreadable", servers: 0, symlinkTarget: read.symlinkTarget))
            findings.append(
                Finding(.unreadableConfig, .warning, file: file.path, client: file.client, message: "\(file.path) could not be read: \(error.reason)", fix: nil)
            )
            return
        case .success(let read): bytes = read
        }
        do throws(ConfigParseError) {
            let config = try ParsedConfig.parse(bytes, as: file)
            files.append(FileLine(file: file, status: "ok", servers: config.entries.count, symlinkTarget: read.symlinkTarget))
            let git = config.entries.isEmpty ? .outsideRepository : GitTracking.state(of: read.symlinkTarget ?? file.path)
            findings += AuditRules.findings(for: config, facts: AuditFacts(home: home, git: git, listening: listening))
        } catch {
            files.append(FileLine(file: file, status: "unparseable", servers: 0, symlinkTarget: read.symlinkTarget))
            findings.append(
                Finding(
                    .unparseableConfig, .warning, file: file.path, client: file.client,
                    message: "\(file.path) is not valid \(file.format == .toml ? "TOML" : "JSON"): \(error.description); its servers were not checked",
                    fix: "fix the file in an editor; mcp-warden never rewrites a file it cannot parse"))
        }
    }

    func text() -> String {
        var lines: [String] = []
        for line in files {
            let link = line.symlinkTarget.map { " (symbolic link to \($0))" } ?? ""
            lines.append(
                "\(line.file.client.displayName) \(line.file.scope.rawValue) config: \(line.file.path)\(link): \(line.status), \(line.servers) server(s)")
        }
        if files.isEmpty { lines.append("no editor MCP config found") }
        for finding in findings.sorted(by: { $0.severity > $1.severity }) {
            var head = "\(finding.severity.rawValue) \(finding.rule.rawValue): \(finding.file)"
            if let path = finding.path { head += " " + path.description }
            lines.append(VisibleText.sanitized(head))
            lines.append("  " + VisibleText.sanitized(finding.message))
            if let fix = finding.fix { lines.append("  fix: " + VisibleText.sanitized(fix)) }
        }
        let counts = Finding.Severity.allCases.reversed().map { severity in "\(findings.filter { $0.severity == severity }.count) \(severity.rawValue)" }
        lines.append("\(findings.count) finding(s): " + counts.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }

    func json() -> JSONValue {
        let sanitize: (String) -> String = { VisibleText.sanitized($0) }
        let fileObjects: [JSONValue] = files.map { line in
            .object(
                JSONObject([
                    ("path", .string(sanitize(line.file.path))), ("client", .string(line.file.client.rawValue)), ("scope", .string(line.file.scope.rawValue)),
                    ("format", .string(line.file.format.rawValue)), ("status", .string(line.status)), ("servers", .integer(line.servers)),
                    ("symlinkTarget", line.symlinkTarget.map { .string(sanitize($0)) } ?? .null), ("source", .string(line.file.source))
                ]))
        }
        let counts = JSONObject(
            Finding.Severity.allCases.map { severity in (severity.rawValue, JSONValue.integer(findings.filter { $0.severity == severity }.count)) })
        return .object(
            JSONObject([
                ("version", .integer(1)), ("files", .array(fileObjects)), ("findings", .array(findings.map { $0.json(sanitize: sanitize) })),
                ("summary", .object(counts)), ("exitCode", .integer(Int(findings.exitCode)))
            ]))
    }
}
