import Foundation
import Testing
@testable import PinnedHTTP

/// The pooled-connection trap (reference swift-stack-notes §1.5): libcurl reuses a pooled
/// connection without re-running the SSL_CTX callback, so a transfer with other pins could ride a
/// connection verified for the first ones. The re-check before every request closes it.
/// Uses the integration reference server and test PKI (needs `.venv`, which `make test` sets up).
@Suite(.serialized)
struct PooledConnectionTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    final class ReferenceServer {
        let process = Process()
        let directory: URL
        let port: Int

        init() throws {
            let python = PooledConnectionTests.repository.appendingPathComponent(".venv/bin/python")
            guard FileManager.default.isExecutableFile(atPath: python.path) else {
                throw TestSetupError(message: "\(python.path) is missing: run `make test` (it creates the venv)")
            }
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-warden-pool-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let pki = Process()
            pki.executableURL = python
            pki.arguments = [PooledConnectionTests.repository.appendingPathComponent("Integration/pki.py").path, directory.path]
            pki.standardOutput = FileHandle.nullDevice
            try pki.run()
            pki.waitUntilExit()
            let ready = directory.appendingPathComponent("ready")
            process.executableURL = python
            process.arguments = [PooledConnectionTests.repository.appendingPathComponent("Integration/reference_server.py").path,
                                 "--cert-chain", directory.appendingPathComponent("chain.pem").path,
                                 "--key", directory.appendingPathComponent("leaf.key").path,
                                 "--port", "0", "--ready-file", ready.path,
                                 "--request-log", directory.appendingPathComponent("requests.jsonl").path]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(20)
            while !FileManager.default.fileExists(atPath: ready.path) || ((try? String(contentsOf: ready, encoding: .utf8)) ?? "").isEmpty {
                guard Date() < deadline, process.isRunning else { throw TestSetupError(message: "the reference server did not start") }
                Thread.sleep(forTimeInterval: 0.05)
            }
            port = Int(try String(contentsOf: ready, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }

        func file(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: directory.appendingPathComponent(name))) }

        func pin(_ name: String) throws -> SPKIPin {
            let line = try String(contentsOf: directory.appendingPathComponent("pins.txt"), encoding: .utf8)
                .split(separator: "\n").first { $0.hasPrefix(name + " ") }
            return try #require(line.flatMap { SPKIPin(String($0.split(separator: " ")[1])) })
        }

        func requestCount() -> Int {
            ((try? String(contentsOf: directory.appendingPathComponent("requests.jsonl"), encoding: .utf8)) ?? "")
                .split(separator: "\n").count
        }

        deinit {
            // SIGKILL: uvicorn's graceful SIGTERM would wait for the engine's pooled connection.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    struct TestSetupError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    @Test func aReusedConnectionIsReCheckedBeforeTheRequestIsSent() async throws {
        let server = try ReferenceServer()
        let engine = try HTTPEngine(policy: TrustPolicy(extraAnchorsPEM: try server.file("root.pem"), pins: [try server.pin("root")], pinOwner: "the test server"))
        defer { engine.shutdown() }
        let url = "https://127.0.0.1:\(server.port)/mcp"
        let first = try await engine.fetch(HTTPRequest(method: "GET", url: url, headers: [("Accept", "text/event-stream")]))
        #expect(first.status >= 400)   // no session: refused, but over a verified, pinned connection
        #expect(server.requestCount() == 1)

        var second = HTTPRequest(method: "GET", url: url, headers: [("Accept", "text/event-stream")])
        second.pinOverride = [try server.pin("unrelated-root")]
        do {
            _ = try await engine.fetch(second)
            Issue.record("a request with an unrelated pin went out over the pooled connection")
        } catch let error as HTTPError {
            #expect(error.code == .pinMismatch)
            #expect(error.message.contains("reused connection"), "the mismatch must be found by the re-check, on the pooled connection: \(error.message)")
        }
        try await Task.sleep(for: .milliseconds(200))
        #expect(server.requestCount() == 1, "the server saw the second request")

        let third = try await engine.fetch(HTTPRequest(method: "GET", url: url, headers: [("Accept", "text/event-stream")]))
        #expect(third.status == first.status)
    }
}
