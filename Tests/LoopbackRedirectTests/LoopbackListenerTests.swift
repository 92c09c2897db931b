// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Testing

@testable import LoopbackRedirect

private let issuer = "https://as.example"
private let state = "Zm9yZ2VkLXN0YXRl-real"

private func expectation(issuerRequired: Bool = false) -> CallbackExpectation {
    CallbackExpectation(state: state, issuer: issuer, issuerRequired: issuerRequired)
}

private func error(of result: Result<CallbackResult, LoopbackError>) -> LoopbackError? {
    if case .failure(let error) = result { return error }
    return nil
}

/// The real listener on 127.0.0.1 with ephemeral ports, driven by a blocking client
/// (RFC 8252 §7.3, §8.3; OAuth 2.1 draft-13 §4.1.2; DESIGN invariant 5).
@Suite(.timeLimit(.minutes(1)))
struct LoopbackListenerTests {
    @Test func aValidCallbackIsAuthorizedAndThePageSaysSo() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        #expect(listener.port != 0)
        #expect(listener.redirectURI == "http://127.0.0.1:\(listener.port)/oauth/callback")
        let waiting = startWaiting(listener, for: expectation())
        let page = try await TestClient.get(port: listener.port, "/oauth/callback?code=SplxlOBeZQQYbYS6WxSbIA&state=\(state)")
        #expect(page.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(page.contains("mcp-warden: authorized, you can close this tab"))
        #expect(!page.contains("SplxlOBeZQQYbYS6WxSbIA") && !page.contains(state))
        #expect(await waiting.value == .success(.authorized(ValidatedCallback(code: "SplxlOBeZQQYbYS6WxSbIA"))))
        #expect(!TestClient.canConnect(port: listener.port), "the listening socket is still open")
    }

    @Test func aForgedCallbackIsAnswered400AndTheRealOneStillWins() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        let reported = ReportedLines()
        let waiting = startWaiting(listener, for: expectation(), report: reported.sink)
        let forged = try await TestClient.get(port: listener.port, "/oauth/callback?code=ATTACKERCODE&state=guessed")
        #expect(forged.hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(forged.contains("this request was not accepted"))
        let favicon = try await TestClient.get(port: listener.port, "/favicon.ico")
        #expect(favicon.hasPrefix("HTTP/1.1 404 "))
        let post = try await TestClient.exchange(
            port: listener.port, "POST /oauth/callback HTTP/1.1\r\nHost: 127.0.0.1:\(listener.port)\r\nContent-Length: 0\r\n\r\n")
        #expect(post.hasPrefix("HTTP/1.1 405 "))
        let huge = try await TestClient.exchange(port: listener.port, "GET /oauth/callback?x=" + String(repeating: "A", count: 20_000) + " HTTP/1.1\r\n\r\n")
        #expect(huge.hasPrefix("HTTP/1.1 431 "))
        let rebound = try await TestClient.exchange(
            port: listener.port,
            "GET /oauth/callback?code=ATTACKERCODE&state=\(state) HTTP/1.1\r\nHost: evil.example:\(listener.port)\r\n\r\n")
        #expect(rebound.hasPrefix("HTTP/1.1 400 "))

        let real = try await TestClient.get(port: listener.port, "/oauth/callback?code=REALCODE&state=\(state)")
        #expect(real.contains("authorized"))
        #expect(await waiting.value == .success(.authorized(ValidatedCallback(code: "REALCODE"))))
        #expect(
            reported.all == [
                "rejected a request to the callback listener: state did not match (HTTP 400)",
                "rejected a request to the callback listener: wrong path (HTTP 404)",
                "rejected a request to the callback listener: method not GET (HTTP 405)",
                "rejected a request to the callback listener: request head too large (HTTP 431)",
                "rejected a request to the callback listener: wrong or missing Host header (HTTP 400)"
            ])
    }

    @Test func aStalledConnectionDoesNotDelayAValidOne() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        let waiting = startWaiting(listener, for: expectation())
        let stalled = try TestClient.connect(port: listener.port)
        defer { Glibc.close(stalled) }
        try TestClient.send(stalled, "GET /oauth/callback?state=\(state)&code=HALF HTTP/1.1\r\nHost: 127.0.0.1:")
        let idle = try TestClient.connect(port: listener.port)  // a browser's speculative pre-connect
        defer { Glibc.close(idle) }

        let started = ContinuousClock.now
        let page = try await TestClient.get(port: listener.port, "/oauth/callback?code=REALCODE&state=\(state)")
        #expect(page.contains("authorized"))
        #expect(await waiting.value == .success(.authorized(ValidatedCallback(code: "REALCODE"))))
        #expect(ContinuousClock.now - started < .seconds(2))
    }

    @Test func anErrorResponseIsDeniedAndThePageNamesTheError() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        let waiting = startWaiting(listener, for: expectation(issuerRequired: true))
        let page = try await TestClient.get(
            port: listener.port, "/oauth/callback?error=access_denied&error_description=User+said+no&state=\(state)&iss=https%3A%2F%2Fas.example")
        #expect(page.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(page.contains("authorization was denied: access_denied"))
        #expect(await waiting.value == .success(.denied(error: "access_denied", description: "User said no")))
    }

    @Test func anIssuerMismatchWithTheRightStateStopsTheFlow() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        let waiting = startWaiting(listener, for: expectation())
        let page = try await TestClient.get(
            port: listener.port, "/oauth/callback?error=access_denied&error_description=Call+EVILPHONE&state=\(state)&iss=https%3A%2F%2Fevil.example")
        #expect(page.hasPrefix("HTTP/1.1 400 "))
        #expect(!page.contains("access_denied") && !page.contains("EVILPHONE"))
        let failure = error(of: await waiting.value)
        #expect(failure?.code == .issuerMismatch)
        #expect(failure?.message.contains("EVILPHONE") == false)
        #expect(!TestClient.canConnect(port: listener.port))
    }

    @Test func aTimeoutSummarisesWhatWasRejected() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        let reported = ReportedLines()
        let waiting = startWaiting(listener, for: expectation(), timeout: .milliseconds(300), report: reported.sink)
        _ = try await TestClient.get(port: listener.port, "/oauth/callback?code=ATTACKERCODE&state=FORGEDSTATE")
        _ = try await TestClient.get(port: listener.port, "/favicon.ico")
        let failure = error(of: await waiting.value)
        #expect(failure?.code == .timeout)
        #expect(failure?.message == "no valid authorization callback arrived within 0.3 s; 2 requests rejected: state did not match (1), wrong path (1)")
        for text in reported.all + [failure?.message ?? ""] {
            #expect(!text.contains("ATTACKERCODE") && !text.contains("FORGEDSTATE") && !text.contains(state))
        }
        #expect(!TestClient.canConnect(port: listener.port))
    }

    @Test func cancellingTheWaitingTaskEndsItPromptly() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        let waiting = startWaiting(listener, for: expectation(), timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(50))
        let started = ContinuousClock.now
        waiting.cancel()
        let failure = error(of: await waiting.value)
        #expect(failure?.code == .cancelled)
        #expect(failure?.message == "the wait for the authorization callback was cancelled")
        #expect(ContinuousClock.now - started < .milliseconds(500))
        #expect(!TestClient.canConnect(port: listener.port))
    }

    @Test func aTaskCancelledBeforeItWaitsDoesNotServe() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        let cancelledFirst = Task { () -> Result<CallbackResult, LoopbackError> in
            while !Task.isCancelled { await Task.yield() }
            do throws(LoopbackError) {
                return .success(try await listener.wait(for: expectation(), timeout: .seconds(30), report: { _ in }))
            } catch {
                return .failure(error)
            }
        }
        cancelledFirst.cancel()
        #expect(error(of: await cancelledFirst.value)?.code == .cancelled)
        #expect(!TestClient.canConnect(port: listener.port))
    }

    @Test func closeEndsAWaitAndASecondWaitIsRefused() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        let waiting = startWaiting(listener, for: expectation(), timeout: .seconds(30))
        try await Task.sleep(for: .milliseconds(50))
        listener.close()
        #expect(error(of: await waiting.value)?.message == "the callback listener was closed")
        #expect(error(of: await startWaiting(listener, for: expectation()).value)?.code == .cancelled)
        #expect(!TestClient.canConnect(port: listener.port))
    }

    @Test func aPortAlreadyBoundIsReportedAsInUse() throws {
        let first = try LoopbackListener.bind(port: 0)
        defer { first.close() }
        #expect(throws: LoopbackError.self) { try LoopbackListener.bind(port: first.port) }
        do {
            _ = try LoopbackListener.bind(port: first.port)
        } catch {
            #expect(error.code == .portInUse)
            #expect(error.message.contains("\(first.port)") && error.message.contains("--callback-port"))
        }
    }

    @Test func aClosedListenerFreesItsPort() throws {
        let listener = try LoopbackListener.bind(port: 0)
        #expect(TestClient.canConnect(port: listener.port))
        listener.close()
        #expect(!TestClient.canConnect(port: listener.port))
        let again = try LoopbackListener.bind(port: listener.port)
        again.close()
    }

    @Test func theOldestConnectionIsClosedWhenTheCapIsReached() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        var limits = ServeLimits.standard
        limits.maxConnections = 2
        let waiting = startWaiting(listener, for: expectation(), limits: limits)
        var idle: [Int32] = []
        defer { idle.forEach { Glibc.close($0) } }
        for _ in 0..<3 {
            idle.append(try TestClient.connect(port: listener.port))
            try await Task.sleep(for: .milliseconds(30))  // accepted in this order
        }
        let started = ContinuousClock.now
        #expect(try await TestClient.readToEnd(idle[0]).isEmpty)
        #expect(ContinuousClock.now - started < .seconds(1), "the oldest connection was not closed by the listener")
        let page = try await TestClient.get(port: listener.port, "/oauth/callback?code=REALCODE&state=\(state)")
        #expect(page.contains("authorized"))
        #expect(await waiting.value == .success(.authorized(ValidatedCallback(code: "REALCODE"))))
    }

    @Test func aConnectionThatMissesTheHeadDeadlineIsDroppedAndCounted() async throws {
        let listener = try LoopbackListener.bind(port: 0)
        var limits = ServeLimits.standard
        limits.headDeadline = .milliseconds(150)
        let waiting = startWaiting(listener, for: expectation(), timeout: .milliseconds(600), limits: limits)
        let slow = try TestClient.connect(port: listener.port)
        defer { Glibc.close(slow) }
        try TestClient.send(slow, "GET /oauth/callback?state=")
        let answer = try await TestClient.readToEnd(slow)
        // 408 is the head deadline's own answer (the overall timeout closes without one); no
        // wall-clock bound here: on a busy 2-core machine it flaked (1.5 s against 0.5 s).
        #expect(answer.hasPrefix("HTTP/1.1 408 "))
        let failure = error(of: await waiting.value)
        #expect(failure?.message.hasSuffix("1 request rejected: incomplete request (1)") == true)
    }
}
