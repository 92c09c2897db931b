// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import Platform
import Synchronization

/// Why a listener stopped serving before or instead of a callback.
enum StopReason: Sendable {
    case cancelled, closed, served

    var error: LoopbackError {
        switch self {
        case .cancelled: return LoopbackError(.cancelled, "the wait for the authorization callback was cancelled")
        case .closed: return LoopbackError(.cancelled, "the callback listener was closed")
        case .served: return LoopbackError(.cancelled, "the callback listener serves one wait only")
        }
    }
}

/// The one-shot HTTP listener on loopback (127.0.0.1, ::1 or both) that receives the authorization response
/// (RFC 8252 §7.3 loopback redirect, OAuth 2.1 draft-13 §4.1.2, RFC 9207 `iss`).
///
/// Bind it before building the authorization request, because the redirect URI carries the
/// port; then `wait` once. Requests that are not the valid callback (forged, stray, malformed)
/// get an error page and the listener keeps waiting; the valid one, a timeout, cancellation or
/// `close()` ends the wait and closes the listening socket.
public final class LoopbackListener: Sendable {
    private struct Sockets: Sendable {
        let listen: [Int32], wakeRead: Int32, wakeWrite: Int32

        func closeAll() {
            for fd in listen { Glibc.close(fd) }
            Glibc.close(wakeRead)
            Glibc.close(wakeWrite)
        }
    }

    private enum Phase: Sendable {
        case bound(Sockets)
        /// The serve loop's thread owns the sockets; only the wake-up pipe's write end is kept here.
        case serving(wakeWrite: Int32, stop: StopReason?)
        case closed(StopReason)
    }

    /// The bound port (the kernel's choice when `bind(port: 0)`).
    public let port: UInt16
    /// The host the redirect URI names, and so the only `Host` a callback may carry.
    public let host: LoopbackHost
    /// The path of the redirect URI (`CallbackPath`).
    public let path: String
    private let phase: Mutex<Phase>

    private init(port: UInt16, host: LoopbackHost, path: String, sockets: Sockets) {
        self.port = port
        self.host = host
        self.path = path
        self.phase = Mutex(.bound(sockets))
    }

    deinit {
        phase.withLock { phase in
            if case .bound(let sockets) = phase { sockets.closeAll() }
        }
    }

    /// Binds the loopback address(es) of `host` on `port` (0 = an ephemeral port) before the
    /// browser is opened (RFC 8252 §7.3; OAuth 2.1 draft-13 §8.4.2). `SO_REUSEADDR`, never
    /// `SO_REUSEPORT`; close-on-exec. A taken port fails with `.portInUse`. For `localhost` both
    /// 127.0.0.1 and ::1 are bound on the same port (::1 is left out on a host without IPv6);
    /// `path` must pass `CallbackPath.problem`.
    public static func bind(
        port: UInt16, host: LoopbackHost = .ipv4, path: String = CallbackExpectation.defaultPath
    ) throws(LoopbackError) -> LoopbackListener {
        if let problem = CallbackPath.problem(path) { throw LoopbackError(.bindFailed, "the callback path \(problem)") }
        // An ephemeral port chosen on the first family may be taken on the second: a few tries.
        var attempts = port == 0 && host.families.count > 1 ? 5 : 1
        var fds: [Int32] = []
        var bound = port
        while true {
            do throws(LoopbackError) {
                for family in host.families {
                    do throws(LoopbackError) {
                        let listening = try LoopbackSocket.listen(port: bound, family: family)
                        fds.append(listening.fd)
                        bound = listening.port
                    } catch  where error.code == .addressUnavailable && !fds.isEmpty {
                        continue  // `localhost` on a host without ::1: 127.0.0.1 alone
                    }
                }
                break
            } catch {
                for fd in fds { Glibc.close(fd) }
                fds = []
                bound = port
                attempts -= 1
                guard error.code == .portInUse, attempts > 0 else { throw error }
            }
        }
        let pipe: (read: Int32, write: Int32)
        do {
            pipe = try LoopbackSocket.wakePipe()
        } catch {
            for fd in fds { Glibc.close(fd) }
            throw error
        }
        return LoopbackListener(port: bound, host: host, path: path, sockets: Sockets(listen: fds, wakeRead: pipe.read, wakeWrite: pipe.write))
    }

    /// The redirect URI to register and send: `http://HOST:PORT/PATH`, by default
    /// `http://127.0.0.1:PORT/oauth/callback` (RFC 8252 §7.3: the loopback IP literal).
    public var redirectURI: String {
        "http://\(host.rawValue):\(port)\(path)"
    }

    /// Serves requests until one valid callback arrives or the timeout passes; `report` gets one
    /// human line per rejected request (for stderr; never any query value). Cancelling the
    /// calling Task ends the wait with `.cancelled`. A listener serves one wait only.
    public func wait(
        for expectation: CallbackExpectation,
        timeout: Duration,
        report: @escaping @Sendable (String) -> Void
    ) async throws(LoopbackError) -> CallbackResult {
        try await wait(for: expectation, timeout: timeout, limits: .standard, report: report)
    }

    /// `wait` with the socket layer's limits spelled out (tests shorten them).
    func wait(
        for expectation: CallbackExpectation,
        timeout: Duration,
        limits: ServeLimits,
        report: @escaping @Sendable (String) -> Void
    ) async throws(LoopbackError) -> CallbackResult {
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<CallbackResult, LoopbackError>, Never>) in
                serve(expectation, timeout: timeout, limits: limits, report: report) { continuation.resume(returning: $0) }
            }
        } onCancel: {
            stop(.cancelled)
        }
        return try result.get()
    }

    /// Stops the listener: an ongoing wait ends with `.cancelled` promptly, the sockets are closed.
    public func close() {
        stop(.closed)
    }

    private func stop(_ reason: StopReason) {
        phase.withLock { phase in
            switch phase {
            case .bound(let sockets):
                sockets.closeAll()
                phase = .closed(reason)
            case .serving(let wakeWrite, nil):
                phase = .serving(wakeWrite: wakeWrite, stop: reason)
                LoopbackSocket.wake(wakeWrite)  // under the lock, so the descriptor cannot be closed meanwhile
            case .serving, .closed:
                break
            }
        }
    }

    /// Hands the sockets to a new serve loop on its own thread; `finish` gets the result exactly once.
    private func serve(
        _ expectation: CallbackExpectation, timeout: Duration, limits: ServeLimits,
        report: @escaping @Sendable (String) -> Void,
        finish: @escaping @Sendable (Result<CallbackResult, LoopbackError>) -> Void
    ) {
        let taken: Result<Sockets, LoopbackError> = phase.withLock { phase in
            switch phase {
            case .bound(let sockets):
                phase = .serving(wakeWrite: sockets.wakeWrite, stop: nil)
                return .success(sockets)
            case .serving:
                return .failure(StopReason.served.error)
            case .closed(let reason):
                return .failure(reason.error)
            }
        }
        let sockets: Sockets
        switch taken {
        case .success(let value): sockets = value
        case .failure(let error): return finish(.failure(error))
        }
        let loop = ServeLoop(
            listenFDs: sockets.listen, wakeFD: sockets.wakeRead, port: port, host: host, expectation: expectation,
            timeout: timeout, limits: limits, report: report,
            stopReason: { [self] in
                phase.withLock { phase in
                    if case .serving(_, let reason) = phase { return reason }
                    return nil
                }
            },
            finish: finish
        )
        let started = DetachedThread.start { [self] in
            loop.run()
            loopDidExit()
        }
        if !started {
            phase.withLock { phase in
                sockets.closeAll()
                phase = .closed(.closed)
            }
            finish(.failure(LoopbackError(.io, "could not start the callback listener's thread")))
        }
    }

    /// The loop closed its sockets; close the wake-up pipe's write end under the lock.
    private func loopDidExit() {
        phase.withLock { phase in
            if case .serving(let wakeWrite, let reason) = phase {
                Glibc.close(wakeWrite)
                phase = .closed(reason ?? .served)
            }
        }
    }
}
