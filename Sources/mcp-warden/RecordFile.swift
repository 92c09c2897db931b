// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import MCPFraming

/// A small state file in the configuration directory: `{"version":1,"<list>":[{field: "text"}…]}`,
/// 0600, written atomically; a damaged or loosely permitted file is reported, never replaced silently.
struct RecordFile {
    let path: String
    let directory: String
    /// The name of the list member (`servers`, `endpoints`).
    let list: String
    /// Fields every record must have; others are read when present.
    let required: [String]
    let optional: [String]
    /// What to do about a damaged file.
    let repairHint: String

    func load() throws(UserError) -> [[String: String]] {
        guard let bytes = try ConfigFile.readTrusted(path) else { return [] }
        let damaged = { (why: String) in UserError(.config, "\(path) is damaged: \(why)", hint: repairHint) }
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch { throw damaged(error.description) }
        guard root["version"] == .number("1"), let items = root[list]?.arrayValue else { throw damaged("expected {\"version\":1,\"\(list)\":[…]}") }
        return try items.enumerated().map { (index, item) throws(UserError) -> [String: String] in
            var record: [String: String] = [:]
            for field in required {
                guard let value = item[field]?.stringValue else {
                    throw damaged("entry #\(index + 1) needs \(required.map { "\"\($0)\"" }.joined(separator: " and "))")
                }
                record[field] = value
            }
            for field in optional { record[field] = item[field]?.stringValue ?? "" }
            return record
        }
    }

    func save(_ records: [[String: String]]) throws(UserError) {
        try ConfigLocation.ensurePrivateDirectory(directory)
        let items: [JSONValue] = records.map { record in
            .object(JSONObject((required + optional).map { ($0, .string(record[$0] ?? "")) }))
        }
        try AtomicFile.write(JSONValue.object(JSONObject([("version", .number("1")), (list, .array(items))])).serialized() + [0x0A], to: path)
    }

    /// Today's date (UTC), as the records show it.
    static func today() -> String {
        var now = time(nil)
        var parts = tm()
        gmtime_r(&now, &parts)
        func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))"
    }
}
