// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// The editor's requests that have not been answered yet (issue 15 "Pure parts get out of
/// Bridge"): a value type, no I/O. An entry leaves when its response is written, so the editor
/// may reuse the id at once; each admission gets a new `serial`, which tells a reused id's new
/// entry from the old one (a late failure of the old request must not settle the new one).
struct RequestTable {
    struct Entry {
        let method: String
        /// A 2026-07-28 request: cancelling it closes its HTTP request.
        let stateless: Bool
        let serial: UInt64
        var task: Task<Void, Never>?
    }

    private var entries: [JSONValue: Entry] = [:]
    private var lastSerial: UInt64 = 0

    var count: Int { entries.count }

    /// A new request: its serial, or nil when the id is already in flight (JSON-RPC ids must be
    /// unique among outstanding requests).
    mutating func admit(id: JSONValue, method: String, stateless: Bool) -> UInt64? {
        guard entries[id] == nil else { return nil }
        lastSerial += 1
        entries[id] = Entry(method: method, stateless: stateless, serial: lastSerial, task: nil)
        return lastSerial
    }

    /// Records the task forwarding the request, if the entry is still the one with `serial`.
    mutating func attach(_ task: Task<Void, Never>, to id: JSONValue, serial: UInt64) {
        if entries[id]?.serial == serial { entries[id]?.task = task }
    }

    /// The response went to the editor: the entry goes, whatever its serial.
    mutating func answer(_ id: JSONValue) -> Entry? {
        entries.removeValue(forKey: id)
    }

    /// Removes the entry for `id` if it is still the one with `serial`; true when it was.
    mutating func settle(_ id: JSONValue, serial: UInt64) -> Bool {
        guard entries[id]?.serial == serial else { return false }
        entries[id] = nil
        return true
    }

    /// A stateless request the editor cancelled: removed, and its task returned to be cancelled
    /// (`.some(nil)` when it has none yet); nil when there is no such stateless request.
    mutating func cancelStateless(_ id: JSONValue) -> Task<Void, Never>?? {
        guard let entry = entries[id], entry.stateless else { return nil }
        entries[id] = nil
        return .some(entry.task)
    }
}
