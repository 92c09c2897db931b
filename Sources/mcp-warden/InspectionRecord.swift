// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// `tls-inspection.json`: every endpoint started with `--allow-tls-inspection`, the CA file that
/// replaced its pins and when that last happened — so `status` shows that traffic to an official
/// endpoint goes through an inspecting proxy long after the editor config was written.
struct InspectionRecordStore {
    let directory: String
    var path: String { directory + "/tls-inspection.json" }

    struct Record: Equatable {
        let endpoint: String
        let caFile: String
        let lastStart: String
    }

    var file: RecordFile {
        RecordFile(
            path: path, directory: directory, list: "endpoints", required: ["endpoint", "caFile"], optional: ["lastStart"],
            repairHint: "move it aside; it is rewritten at the next start with --allow-tls-inspection")
    }

    func load() throws(UserError) -> [Record] {
        try file.load().map { Record(endpoint: $0["endpoint"]!, caFile: $0["caFile"]!, lastStart: $0["lastStart"]!) }
    }

    /// Notes a start with TLS inspection (replacing the endpoint's previous record).
    func note(endpoint: String, caFile: String) throws(UserError) {
        var records = try load().filter { $0.endpoint != endpoint }
        records.append(Record(endpoint: endpoint, caFile: caFile, lastStart: RecordFile.today()))
        try file.save(records.map { ["endpoint": $0.endpoint, "caFile": $0.caFile, "lastStart": $0.lastStart] })
    }
}
