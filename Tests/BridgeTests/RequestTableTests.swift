// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming
import Testing

@testable import Bridge

/// The editor's outstanding requests (JSON-RPC 2.0 §4: ids unique among outstanding requests;
/// MCP: an id may be reused once its response went by).
struct RequestTableTests {
    let one = JSONValue.number("1")
    let two = JSONValue.string("two")

    @Test func anIdInFlightIsRefusedAndFreedByItsAnswer() {
        var table = RequestTable()
        let first = table.admit(id: one, method: "tools/call", stateless: false)
        #expect(first != nil)
        let duplicate = table.admit(id: one, method: "ping", stateless: false)
        #expect(duplicate == nil)
        let other = table.admit(id: two, method: "ping", stateless: false)
        #expect(other != nil)
        let answered = table.answer(one)
        #expect(answered?.method == "tools/call")
        let again = table.answer(one)
        #expect(again == nil)
        let reused = table.admit(id: one, method: "ping", stateless: false)
        #expect(reused != nil)
        #expect(table.count == 2)
    }

    @Test func aReusedIdIsNotSettledByTheOldRequest() throws {
        var table = RequestTable()
        let admittedOld = table.admit(id: one, method: "slow", stateless: false)
        _ = table.answer(one)
        let admittedNew = table.admit(id: one, method: "fast", stateless: false)
        let old = try #require(admittedOld)
        let new = try #require(admittedNew)
        #expect(old != new)
        // The old request's late failure must not take the new entry.
        let settledByOld = table.settle(one, serial: old)
        #expect(!settledByOld)
        #expect(table.count == 1)
        let settledByNew = table.settle(one, serial: new)
        let settledTwice = table.settle(one, serial: new)
        #expect(settledByNew && !settledTwice)
        #expect(table.count == 0)
    }

    @Test func onlyAStatelessRequestIsCancelledAndItsTaskReturned() throws {
        var table = RequestTable()
        let admitted = table.admit(id: one, method: "tools/call", stateless: true)
        let serial = try #require(admitted)
        _ = table.admit(id: two, method: "tools/call", stateless: false)
        let task = Task<Void, Never> {}
        table.attach(task, to: one, serial: serial)
        table.attach(task, to: one, serial: serial + 99)  // a stale serial attaches nothing new
        let notStateless = table.cancelStateless(two)
        #expect(notStateless == nil)
        let cancelled = table.cancelStateless(one)
        #expect(cancelled != nil && cancelled! != nil)
        let twice = table.cancelStateless(one)
        #expect(twice == nil)
        #expect(table.count == 1)
    }
}
