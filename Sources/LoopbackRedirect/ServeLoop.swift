// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Platform

/// Limits of the socket layer; `standard` in production, shorter ones in tests.
struct ServeLimits: Sendable {
    /// Time a connection gets to deliver a complete request head (slowloris defence).
    var headDeadline: Duration = .seconds(5)
    /// Open client connections; accepting one more closes the oldest.
    var maxConnections = 16
    /// Time to send a page and see the peer close, after which the connection is dropped.
    var lingerDeadline: Duration = .seconds(1)

    static let standard = ServeLimits()
}

/// The poll() loop on the listener's own thread. It owns the listening socket, the wake-up
/// pipe's read end and every client connection; nothing else touches them while it runs
/// (thread confinement is why it is `@unchecked Sendable`).
///
/// One slow or hostile connection never delays another: all sockets are non-blocking, each
/// connection has its own deadline, and at most `maxConnections` are open. When the one valid
/// callback arrives (or the wait times out or is stopped) the listening socket is closed first,
/// then the result is handed over; the page for the final request is still sent afterwards.
final class ServeLoop: @unchecked Sendable {
    private struct Connection {
        enum Phase { case reading, writing([UInt8], sent: Int), draining(discarded: Int) }
        let fd: Int32
        var received: [UInt8] = []
        var phase = Phase.reading
        var deadline: ContinuousClock.Instant
    }

    private let clock = ContinuousClock()
    /// 127.0.0.1, ::1 or both (`LoopbackHost.families`); empty once closed.
    private var listenFDs: [Int32]
    private let wakeFD: Int32
    private let port: UInt16
    private let host: LoopbackHost
    private let expectation: CallbackExpectation
    private let timeout: Duration
    private let deadline: ContinuousClock.Instant
    private let limits: ServeLimits
    private let report: @Sendable (String) -> Void
    private let stopReason: @Sendable () -> StopReason?
    private let finish: @Sendable (Result<CallbackResult, LoopbackError>) -> Void
    private var finished = false
    private var acceptPausedUntil: ContinuousClock.Instant?
    private var connections: [Connection] = []
    private var tally = RejectionTally()

    init(
        listenFDs: [Int32], wakeFD: Int32, port: UInt16, host: LoopbackHost, expectation: CallbackExpectation, timeout: Duration,
        limits: ServeLimits, report: @escaping @Sendable (String) -> Void,
        stopReason: @escaping @Sendable () -> StopReason?,
        finish: @escaping @Sendable (Result<CallbackResult, LoopbackError>) -> Void
    ) {
        self.listenFDs = listenFDs
        self.wakeFD = wakeFD
        self.port = port
        self.host = host
        self.expectation = expectation
        self.timeout = timeout
        self.deadline = clock.now + timeout
        self.limits = limits
        self.report = report
        self.stopReason = stopReason
        self.finish = finish
    }

    /// Runs until the result is handed over and the last page is sent, or until stopped.
    func run() {
        defer {
            closeListening()
            for connection in connections { Glibc.close(connection.fd) }
            connections = []
            Glibc.close(wakeFD)
        }
        while true {
            if let reason = stopReason() {
                end(.failure(reason.error))
                return
            }
            let now = clock.now
            if !finished, now >= deadline {
                end(
                    .failure(
                        LoopbackError(
                            .timeout,
                            "no valid authorization callback arrived within \(Self.seconds(timeout)); \(tally.summary)")))
                return
            }
            if finished, connections.isEmpty { return }
            expireConnections(now: now)

            if let paused = acceptPausedUntil, now >= paused { acceptPausedUntil = nil }
            var fds = [pollfd(fd: wakeFD, events: Int16(POLLIN), revents: 0)]
            let listening = acceptPausedUntil == nil ? listenFDs : []
            fds += listening.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            let firstConnection = fds.count
            for connection in connections {
                let events = if case .writing = connection.phase { POLLOUT } else { POLLIN }
                fds.append(pollfd(fd: connection.fd, events: Int16(events), revents: 0))
            }
            var wakeAt = (connections.map(\.deadline) + [acceptPausedUntil].compactMap { $0 }).min()
            if !finished { wakeAt = min(wakeAt ?? deadline, deadline) }
            let timeout = Self.milliseconds(from: now, to: wakeAt)
            if Syscall.retrying({ poll(&fds, nfds_t(fds.count), timeout) }) < 0 {
                end(.failure(LoopbackError(.io, "poll failed in the callback listener: \(LoopbackSocket.errnoText())")))
                return
            }
            if fds[0].revents != 0 { LoopbackSocket.drain(wakeFD) }
            serviceConnections(events: fds[firstConnection...].map(\.revents))
            for (index, fd) in listening.enumerated() where fds[1 + index].revents != 0 && listenFDs.contains(fd) {
                acceptConnections(on: fd, now: clock.now)
            }
        }
    }

    /// Hands `result` over once; closes the listening socket and every connection but
    /// `keeping` (the one whose page is still to be sent) before doing so.
    private func end(_ result: Result<CallbackResult, LoopbackError>, keeping kept: Int32? = nil) {
        closeListening()
        for connection in connections where connection.fd != kept { Glibc.close(connection.fd) }
        connections.removeAll { $0.fd != kept }
        guard !finished else { return }
        finished = true
        finish(result)
    }

    private func closeListening() {
        for fd in listenFDs { Glibc.close(fd) }
        listenFDs = []
    }

    /// Accepts what is pending; when accept() keeps failing (out of descriptors), stops
    /// watching the listening socket for a moment instead of spinning on it.
    private func acceptConnections(on listenFD: Int32, now: ContinuousClock.Instant) {
        for _ in 0..<64 {
            switch LoopbackSocket.accept(listenFD) {
            case .connection(let fd):
                if connections.count >= limits.maxConnections {
                    Glibc.close(connections.removeFirst().fd)
                }
                connections.append(Connection(fd: fd, deadline: now + limits.headDeadline))
            case .again:
                continue
            case .empty:
                return
            case .failed:
                acceptPausedUntil = now + .milliseconds(100)
                return
            }
        }
    }

    /// Drops connections past their deadline; one that sent part of a request is counted,
    /// and gets a 408 page if its socket takes it at once.
    private func expireConnections(now: ContinuousClock.Instant) {
        connections.removeAll { connection in
            guard now >= connection.deadline else { return false }
            if case .reading = connection.phase, !connection.received.isEmpty {
                reject(.incompleteRequest)
                _ = LoopbackSocket.send(connection.fd, CallbackPage.response(for: .rejected(.incompleteRequest)), from: 0)
            }
            Glibc.close(connection.fd)
            return true
        }
    }

    private func serviceConnections(events: [Int16]) {
        let ready = zip(connections.map(\.fd), events).filter { $0.1 != 0 }.map(\.0)
        for fd in ready {
            guard let index = connections.firstIndex(where: { $0.fd == fd }) else { continue }
            var connection = connections[index]
            let (keep, result) = service(&connection)
            if keep {
                connections[index] = connection
            } else {
                Glibc.close(fd)
                connections.remove(at: index)
            }
            if let result {
                end(result, keeping: keep ? fd : nil)
                return
            }
        }
    }

    /// Moves one connection forward. `keep` is false when it should be closed; `result` is set
    /// when its request ended the wait.
    private func service(_ connection: inout Connection) -> (keep: Bool, result: Result<CallbackResult, LoopbackError>?) {
        switch connection.phase {
        case .reading:
            let room = CallbackRequest.maxHeadBytes + 1 - connection.received.count
            switch LoopbackSocket.receive(connection.fd, into: &connection.received, count: max(room, 1)) {
            case .wouldBlock: return (true, nil)
            case .closed:
                if !connection.received.isEmpty { reject(.incompleteRequest) }
                return (false, nil)
            case .bytes:
                switch CallbackExchange.step(connection.received, listeningPort: port, host: host, expectation: expectation) {
                case .incomplete:
                    return (true, nil)
                case .reply(let response, let verdict):
                    connection.phase = .writing(response, sent: 0)
                    connection.deadline = clock.now + limits.lingerDeadline
                    let keep = write(&connection)
                    switch verdict {
                    case .rejected(let rejection):
                        reject(rejection)
                        return (keep, nil)
                    case .finished(let result):
                        return (keep, result)
                    }
                }
            }
        case .writing:
            return (write(&connection), nil)
        case .draining(let discarded):
            // Reading what the peer still sends lets close() end with FIN rather than RST,
            // which could destroy the page before the browser reads it.
            var scratch: [UInt8] = []
            switch LoopbackSocket.receive(connection.fd, into: &scratch, count: 4096) {
            case .wouldBlock: return (true, nil)
            case .closed: return (false, nil)
            case .bytes(let n):
                connection.phase = .draining(discarded: discarded + n)
                return (discarded + n < 65536, nil)
            }
        }
    }

    /// Sends more of the page; after the last byte, half-closes and starts draining.
    private func write(_ connection: inout Connection) -> Bool {
        guard case .writing(let response, let sent) = connection.phase else { return true }
        switch LoopbackSocket.send(connection.fd, response, from: sent) {
        case .wouldBlock: return true
        case .closed: return false
        case .bytes(let n):
            if sent + n < response.count {
                connection.phase = .writing(response, sent: sent + n)
            } else {
                shutdown(connection.fd, Int32(SHUT_WR))
                connection.phase = .draining(discarded: 0)
            }
            return true
        }
    }

    private func reject(_ rejection: Rejection) {
        tally.add(rejection)
        report(rejection.reportLine)
    }

    /// poll()'s timeout: milliseconds until `target`, rounded up; -1 (forever) without one.
    static func milliseconds(from now: ContinuousClock.Instant, to target: ContinuousClock.Instant?) -> Int32 {
        guard let target else { return -1 }
        let remaining = now.duration(to: target)
        guard remaining > .zero else { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    /// "120 s", "0.3 s": a duration for a human, to the millisecond.
    static func seconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = attoseconds / 1_000_000_000_000_000
        guard milliseconds > 0 else { return "\(seconds) s" }
        var fraction = String(milliseconds)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(seconds).\(fraction) s"
    }
}
