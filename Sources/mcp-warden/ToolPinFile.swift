// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import MCPFraming
import Platform
import TokenVault
import ToolGuard

/// `tool-pins.json` in the configuration directory, beside `known-issuers.json`: for each server,
/// its tools as pinned on first use and the changes waiting for `mcp-warden tools NAME --accept`
/// (issue 17). A file that decides trust (DESIGN invariant 13): read only when it is the user's,
/// 0600, not a symbolic link, in a 0700 directory; a damaged or loosely permitted file is refused
/// (exit 78) and never rewritten; written atomically, under `tool-pins.lock` (flock) because two
/// bridges of one editor may pin at once.
struct ToolPinFile {
    let directory: String
    var path: String { directory + "/tool-pins.json" }
    var lockPath: String { directory + "/tool-pins.lock" }
    /// 10,000 tools take about 4 MB; a file larger than this is refused as damaged.
    static let limit = 32 << 20
    /// How long a writer waits for another one (a 10,000-tool write takes well under a second).
    static let lockSeconds = 10.0

    var repairHint: String {
        "move it aside to pin every server's tools again at its next tools/list (first use), or restore it; mcp-warden does not rewrite it"
    }

    func load() throws(UserError) -> [ServerPins] {
        guard let bytes = try ConfigFile.readTrusted(path, limit: Self.limit) else { return [] }
        let damaged = { (why: String) in UserError(.config, "\(path) is damaged: \(why)", hint: repairHint) }
        let root: JSONValue
        do { root = try JSONParser.parse(bytes) } catch { throw damaged(error.description) }
        guard root["version"] == .number("1"), let items = root["servers"]?.arrayValue else { throw damaged("expected {\"version\":1,\"servers\":[…]}") }
        var records: [ServerPins] = []
        for (index, item) in items.enumerated() {
            do throws(ToolPinError) {
                let record = try ServerPins(json: item)
                guard !records.contains(where: { $0.server == record.server && $0.variant == record.variant }) else {
                    throw ToolPinError("\(record.server) is recorded twice")
                }
                records.append(record)
            } catch {
                throw damaged("server #\(index + 1): \(VisibleText.sanitized(error.message, limit: 200))")
            }
        }
        return records
    }

    func save(_ records: [ServerPins]) throws(UserError) {
        let document = JSONValue.object(JSONObject([("version", .number("1")), ("servers", .array(records.map { $0.json() }))]))
        try AtomicFile.write(document.serialized() + [0x0A], to: path)
    }

    /// Runs `body` on the records under the lock and saves them when it changed them.
    func modify<T>(_ body: (inout [ServerPins]) throws(UserError) -> T) throws(UserError) -> T {
        try ConfigLocation.ensurePrivateDirectory(directory)
        let lock: EntryLock
        do { lock = try EntryLock.acquire(lockPath, timeout: Self.lockSeconds) } catch {
            throw UserError(.config, "cannot lock \(lockPath): \(error.message)", hint: error.hint)
        }
        defer { lock.release() }
        let before = try load()
        var records = before
        let result = try body(&records)
        if records != before { try save(records) }
        return result
    }

    /// The record's key for a server URL: the URL with query credentials redacted (the file holds
    /// no credential), and a digest of the full URL when redaction changed it.
    static func key(for url: String) -> (server: String, variant: String) {
        let shown = VisibleText.redactingQuerySecrets(url)
        return (shown, shown == url ? "" : String(Digest.sha256Hex(Array(url.utf8)).prefix(32)))
    }

    func store(for url: String) -> ToolPinFileStore {
        let key = Self.key(for: url)
        return ToolPinFileStore(file: self, server: key.server, variant: key.variant)
    }
}

/// One server's pins in `tool-pins.json`, for the bridge's guard.
struct ToolPinFileStore: ToolPinStore {
    let file: ToolPinFile
    let server: String
    let variant: String

    func find(in records: [ServerPins]) -> Int? {
        records.firstIndex { $0.server == server && $0.variant == variant }
    }

    func load() throws(UserError) -> ServerPins? {
        let records = try file.load()
        return find(in: records).map { records[$0] }
    }

    /// A first look without the lock: an unchanged list (the usual case) writes nothing and waits
    /// for no one. Only when the record must change is it read again and written under the lock.
    func update<T>(_ change: (inout ServerPins?) -> T) throws(ToolPinError) -> T {
        do {
            let current = try load()
            var look = current
            let result = change(&look)
            if look == current { return result }
            return try file.modify { (records: inout [ServerPins]) throws(UserError) -> T in
                let index = find(in: records)
                var record = index.map { records[$0] }
                let result = change(&record)
                switch (index, record) {
                case (let index?, let record?): records[index] = record
                case (let index?, nil): records.remove(at: index)
                case (nil, let record?): records.append(record)
                case (nil, nil): break
                }
                return result
            }
        } catch {
            throw ToolPinError(error.message, hint: error.hint)
        }
    }
}
