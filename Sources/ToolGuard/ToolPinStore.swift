// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// Where one server's pins are kept (the record file `tool-pins.json` in the executable; memory in
/// tests). Implementations keep the file rules themselves (private modes, atomic writes, a lock
/// between processes: two bridges of one editor may pin at once).
public protocol ToolPinStore: Sendable {
    /// The server's URL as the record names it (query credentials redacted).
    var server: String { get }
    /// Keeps apart URLs that redaction made equal (see `ServerPins.variant`).
    var variant: String { get }

    /// Runs `change` on the record as it is stored now (nil: none yet) and stores what it leaves
    /// when that differs, under a lock other writers respect. `change` may run more than once (a
    /// first look without the lock, then again under it) and must depend on its input alone.
    /// Returns what `change` returned on the record that was kept.
    func update<T>(_ change: (inout ServerPins?) -> T) throws(ToolPinError) -> T
}

/// A store in memory (tests, and the benchmark).
public final class MemoryPinStore: ToolPinStore {
    public let server: String
    public let variant = ""
    private let record: Mutex<ServerPins?>

    public init(server: String, record: ServerPins? = nil) {
        self.server = server
        self.record = Mutex(record)
    }

    public var stored: ServerPins? { record.withLock { $0 } }

    public func update<T>(_ change: (inout ServerPins?) -> T) throws(ToolPinError) -> T {
        var copy = record.withLock { $0 }
        let result = change(&copy)
        record.withLock { [copy] in $0 = copy }
        return result
    }
}
