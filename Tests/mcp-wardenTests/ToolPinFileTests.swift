// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import MCPFraming
import Testing
import ToolGuard

@testable import mcp_warden

/// tool-pins.json (issue 17): the guard's record through the file, the file rules, the key.
@Suite struct ToolPinFileTests {
    func temporaryDirectory() throws -> String { try RecordFileTests().temporaryDirectory() }

    func answer(_ description: String) throws -> JSONRPCMessage {
        try JSONRPCMessage.decode(
            Array(#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"echo","description":"\#(description)","inputSchema":{}}]}}"#.utf8))
    }

    func guardOf(_ file: ToolPinFile, url: String) throws -> ToolGuard {
        var settings = ToolGuard.Settings()
        let store = file.store(for: url)
        settings.pins = store
        settings.today = { "2026-12-06" }
        return ToolGuard(settings, record: try store.load())
    }

    @Test func pinsGoThroughTheFileAndAChangeIsHeldUntilAccepted() throws {
        let file = ToolPinFile(directory: try temporaryDirectory())
        let url = "https://a.example/mcp"
        #expect(try guardOf(file, url: url).screen(answer("one")).count > 60)
        var info = stat()
        stat(file.path, &info)
        #expect(info.st_mode & 0o777 == 0o600)
        let second = try guardOf(file, url: url)
        let withheld = try JSONRPCMessage.decode(second.screen(answer("two")))
        #expect(withheld.object["result"]?["tools"]?.arrayValue?.isEmpty == true)
        #expect(try file.load().first?.pendingCount == 1)
        let accepted = try file.modify { (records: inout [ServerPins]) throws(UserError) in records[0].accept([], today: "2026-12-07") }
        #expect(accepted == ["echo"])
        let third = try JSONRPCMessage.decode(try guardOf(file, url: url).screen(answer("two")))
        #expect(third.object["result"]?["tools"]?.arrayValue?.count == 1)
    }

    @Test func aDamagedOrLooseFileIsRefusedAndTheListFailsWithoutRewritingIt() throws {
        let file = ToolPinFile(directory: try temporaryDirectory())
        let url = "https://a.example/mcp"
        _ = try guardOf(file, url: url).screen(answer("one"))
        let running = try guardOf(file, url: url)
        for (damage, mode) in [("{", 0o600), (#"{"version":1,"servers":[{"server":"x"}]}"#, 0o600), (#"{"version":1,"servers":[]}"#, 0o644)] {
            let fd = open(file.path, O_WRONLY | O_TRUNC)
            _ = damage.withCString { write(fd, $0, strlen($0)) }
            close(fd)
            chmod(file.path, mode_t(mode))
            let error = try #require(throws: UserError.self, "\(damage)") { try file.load() }
            #expect(error.kind == .config && error.message.contains("tool-pins.json"))
            let out = try JSONRPCMessage.decode(running.screen(answer("two")))
            #expect(out.kind == .errorResponse(id: .number("1")), "a list checked against a damaged file fails closed")
            var info = stat()
            stat(file.path, &info)
            #expect(info.st_size == damage.utf8.count && info.st_mode & 0o777 == mode_t(mode), "the file was rewritten")
        }
    }

    /// The file holds no credential: a secret query value is redacted, a digest keeps the URLs apart.
    @Test func aSecretInTheURLIsRedactedAndKeptApart() {
        let one = ToolPinFile.key(for: "https://a.example/mcp?api_key=one")
        let two = ToolPinFile.key(for: "https://a.example/mcp?api_key=two")
        #expect(one.server == "https://a.example/mcp?api_key=<redacted>" && one.server == two.server)
        #expect(!one.variant.isEmpty && one.variant != two.variant && !one.variant.contains("one"))
        #expect(ToolPinFile.key(for: "https://a.example/mcp").variant == "")
    }
}
