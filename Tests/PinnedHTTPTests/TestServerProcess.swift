// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

@testable import PinnedHTTP

/// A server from Integration/ on 127.0.0.1 with a fresh test PKI (pki.py), run with the venv's
/// Python (`make test` creates `.venv`): the reference server (reference_server.py, over HTTP/1.1
/// with uvicorn or HTTP/2 with hypercorn) or the HTTP/2 flow-control probe (h2_probe.py).
/// Starting one blocks a thread of its own, not one of the few the tests' tasks share.
final class TestServerProcess: @unchecked Sendable {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let process = Process()
    let directory: URL
    let port: Int

    /// The reference server, logging every request to `requests.jsonl` (see `requests()`).
    static func reference(http2: Bool = false) async throws -> TestServerProcess {
        try await starting(script: "reference_server.py") { directory in
            [
                "--cert-chain", directory.appendingPathComponent("chain.pem").path, "--key", directory.appendingPathComponent("leaf.key").path,
                "--port", "0", "--request-log", directory.appendingPathComponent("requests.jsonl").path
            ]
                + (http2 ? ["--server", "hypercorn"] : [])
        }
    }

    /// The HTTP/2 probe, which reports what the client's flow control let it send (`report()`).
    static func http2Probe() async throws -> TestServerProcess {
        try await starting(script: "h2_probe.py") { directory in
            [
                "--cert-chain", directory.appendingPathComponent("chain.pem").path, "--key", directory.appendingPathComponent("leaf.key").path,
                "--report", directory.appendingPathComponent("report.json").path
            ]
        }
    }

    private static func starting(script: String, arguments: @escaping @Sendable (URL) -> [String]) async throws -> TestServerProcess {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try TestServerProcess(script: script, arguments: arguments) }) }.start()
        }
    }

    private init(script: String, arguments: (URL) -> [String]) throws {
        let python = Self.repository.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw TestSetupError(message: "\(python.path) is missing: run `make test` (it creates the venv)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("mcp-warden-server-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let pki = Process()
        pki.executableURL = python
        pki.arguments = [Self.repository.appendingPathComponent("Integration/pki.py").path, directory.path]
        pki.standardOutput = FileHandle.nullDevice
        try pki.run()
        pki.waitUntilExit()
        let ready = directory.appendingPathComponent("ready")
        process.executableURL = python
        process.arguments = [Self.repository.appendingPathComponent("Integration/\(script)").path, "--ready-file", ready.path] + arguments(directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: ready.path) || ((try? String(contentsOf: ready, encoding: .utf8)) ?? "").isEmpty {
            guard Date() < deadline, process.isRunning else { throw TestSetupError(message: "\(script) did not start") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        port = Int(try String(contentsOf: ready, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    deinit {
        // SIGKILL: a graceful stop would wait for the engine's pooled connections.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    var origin: String { "https://127.0.0.1:\(port)" }

    func file(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: directory.appendingPathComponent(name))) }

    func pin(_ name: String) throws -> SPKIPin {
        let line = try String(contentsOf: directory.appendingPathComponent("pins.txt"), encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix(name + " ") }
        guard let pin = line.flatMap({ SPKIPin(String($0.split(separator: " ")[1])) }) else {
            throw TestSetupError(message: "no pin named \(name) in pins.txt")
        }
        return pin
    }

    /// A policy trusting the test root, with `pins` (none by default).
    func policy(pins: [SPKIPin] = []) throws -> TrustPolicy {
        TrustPolicy(extraAnchorsPEM: try file("root.pem"), pins: pins, pinOwner: "the test server")
    }

    /// The reference server's request log, one dictionary per request.
    func requests() -> [[String: Any]] {
        ((try? String(contentsOf: directory.appendingPathComponent("requests.jsonl"), encoding: .utf8)) ?? "")
            .split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// The probe's report: {"connections", "initial_window", "streams": [{"path", "sent", "ended"}]}.
    func report() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("report.json"))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
