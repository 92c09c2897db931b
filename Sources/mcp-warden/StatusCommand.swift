// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import MCPFraming
import PinnedHTTP
import Platform
import TokenVault

/// `mcp-warden status`: what mcp-warden keeps and trusts on this machine. Never a token.
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show what mcp-warden keeps: your endpoints, recorded authorization servers, TLS inspection, stored authorizations (never a token)."
    )

    @Flag(help: "Print JSON instead of text.")
    var json = false

    func run() throws {
        let environment = ProcessEnvironment.current()
        let report: Report
        do {
            let directory = try ConfigLocation.directory(environment: environment)
            report = Report(
                directory: directory, endpoints: try UserEndpointStore(directory: directory).load(),
                issuers: try KnownIssuerStore(directory: directory).load().map {
                    // Recorded from servers: shown through the one sanitizer.
                    KnownIssuerStore.Record(
                        server: VisibleText.sanitized($0.server), issuer: VisibleText.sanitized($0.issuer), firstSeen: VisibleText.sanitized($0.firstSeen))
                },
                inspection: try InspectionRecordStore(directory: directory).load(),
                toolPins: try ToolPinFile(directory: directory).load().map {
                    ToolPinSummary(server: VisibleText.sanitized($0.server), pinned: $0.pinnedCount, pending: $0.pendingCount, firstSeen: $0.firstSeen)
                },
                vault: VaultReport.read(try VaultAccess.open(environment: environment, log: Diagnostics())))
        } catch {
            throw error.reported()
        }
        print(json ? String(decoding: report.json().serialized(), as: UTF8.self) : report.text())
        // Registry news about the servers authorizations are kept for: one line each, on stderr.
        for server in Set(report.vault.entries.map(\.serverURL)).sorted() {
            if let warning = RegistryNotices.warning(storedFor: server) { Diagnostics().warning(warning) }
        }
    }

    struct Report {
        let directory: String
        let endpoints: [UserEndpoint]
        let issuers: [KnownIssuerStore.Record]
        let inspection: [InspectionRecordStore.Record]
        let toolPins: [ToolPinSummary]
        let vault: VaultReport

        func text() -> String {
            var lines = ["configuration: \(directory)"]
            lines.append("your endpoints: \(endpoints.isEmpty ? "none" : endpoints.map(\.name).joined(separator: ", "))")
            lines.append("authorization servers recorded on first use:\(issuers.isEmpty ? " none" : "")")
            lines += issuers.map { "  \($0.server) → \($0.issuer) (since \($0.firstSeen))" }
            if inspection.isEmpty {
                lines.append("TLS inspection: never allowed")
            } else {
                lines.append("TLS inspection allowed (certificates from these CA files replace the endpoint's pins):")
                lines += inspection.map { "  \($0.endpoint): \($0.caFile) (last start \($0.lastStart))" }
            }
            lines.append("tools pinned on first use:\(toolPins.isEmpty ? " none" : "")")
            lines += toolPins.map {
                "  \($0.server): \($0.pinned) pinned since \($0.firstSeen), \($0.pending) change\($0.pending == 1 ? "" : "s") pending\($0.pending > 0 ? " (mcp-warden tools URL shows them)" : "")"
            }
            lines += vault.text()
            return lines.joined(separator: "\n")
        }

        func json() -> JSONValue {
            .object(
                JSONObject([
                    ("configuration", .string(directory)),
                    ("endpoints", .array(endpoints.map { .string($0.name) })),
                    (
                        "knownIssuers",
                        .array(
                            issuers.map {
                                .object(JSONObject([("server", .string($0.server)), ("issuer", .string($0.issuer)), ("firstSeen", .string($0.firstSeen))]))
                            })
                    ),
                    (
                        "tlsInspection",
                        .array(
                            inspection.map {
                                .object(JSONObject([("endpoint", .string($0.endpoint)), ("caFile", .string($0.caFile)), ("lastStart", .string($0.lastStart))]))
                            })
                    ),
                    (
                        "toolPins",
                        .array(
                            toolPins.map {
                                .object(
                                    JSONObject([
                                        ("server", .string($0.server)), ("pinned", .integer($0.pinned)), ("pending", .integer($0.pending)),
                                        ("firstSeen", .string($0.firstSeen))
                                    ]))
                            })
                    ),
                    ("vault", vault.json())
                ]))
        }
    }
}

/// One server's line in `status`: how many tools are pinned and how many changes wait.
struct ToolPinSummary {
    let server: String
    let pinned: Int
    let pending: Int
    let firstSeen: String
}
