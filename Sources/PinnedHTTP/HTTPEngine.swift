// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CCurl
import Glibc
import Platform
import Synchronization

/// Every outbound HTTP request goes through an engine: one `curl_multi` handle driven by one
/// thread, shared by all transfers of one trust policy (so pooled connections never cross
/// policies). Other tasks never touch curl: they post commands and wake the loop. Tasks that
/// prefer the engine's `executor` run on the loop thread itself, between curl's rounds, and so
/// do watched descriptors (`watch`): the bridge's whole per-message path stays on one thread.
public final class HTTPEngine: @unchecked Sendable {
    private enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        /// The reader caught up with a paused transfer (`BodyFlow`).
        case resume(CurlTransfer)
        case watch(WatchedDescriptor)
    }

    private struct Inbox {
        var commands: [Command] = []
        var closed = false
    }

    public let policy: TrustPolicy
    private let multi: UnsafeMutableRawPointer
    private let trust: TrustStore
    private let inbox = Mutex(Inbox())
    private let lastChecked = Mutex<(url: String, target: RequestTarget)?>(nil)
    private let handles = EasyHandlePool()
    /// Loop thread only.
    private var live: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var watched: [WatchedDescriptor] = []
    /// Wakes in a row that curl did not attribute to a watched descriptor (`serveWatched`).
    private var unattributedWakes = 0
    /// Runs tasks on the loop thread (`Task(executorPreference: engine.executor)`).
    public let executor: LoopExecutor

    public init(policy: TrustPolicy) throws(HTTPError) {
        HTTPStartup.readyForEngine()
        self.trust = try TrustStore(extraAnchorsPEM: policy.extraAnchorsPEM)
        guard let multi = curl_multi_init() else {
            throw HTTPError(code: .transport, host: "", message: HTTPStartup.unavailableReason ?? "libcurl could not create a multi handle")
        }
        self.multi = multi
        self.policy = policy
        let wakeable = UncheckedMulti(multi)
        executor = LoopExecutor(wake: { curl_multi_wakeup(wakeable.handle) })
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_PIPELINING, Int(CURLPIPE_MULTIPLEX))
        guard DetachedThread.start({ [self] in self.runLoop() }) else {
            throw HTTPError(code: .transport, host: "", message: "could not start the HTTP thread")
        }
    }

    /// Starts a request; the stream yields the response head, then body chunks as they arrive.
    /// At most `BodyFlow.limit` bytes wait for the reader: past that the transfer pauses until
    /// the reader catches up. Cancelling the consuming task (or dropping the stream) aborts the
    /// transfer at once.
    public func stream(_ request: HTTPRequest) -> HTTPEventStream {
        let flow = BodyFlow()
        let channel = HTTPEventChannel()
        let transfer: CurlTransfer
        do {
            let target = try checked(request.url)
            transfer = try CurlTransfer(request: request, target: target, policy: policy, trust: trust, flow: flow, channel: channel, handles: handles)
        } catch {
            channel.finish(throwing: error)
            return HTTPEventStream(channel, flow: flow)
        }
        flow.onResume { [weak self, weak transfer] in
            if let transfer { self?.post(.resume(transfer)) }
        }
        // The reader stopped early (cancelled, or dropped the stream): end the transfer.
        channel.onTermination { [weak self] in self?.post(.cancel(transfer)) }
        post(.add(transfer))
        return HTTPEventStream(channel, flow: flow)
    }

    /// `policy.check(url)`, remembered for the last URL that passed: a bridge sends every message
    /// to one URL, and parsing it cost more than building the transfer (issue 15, callgrind).
    /// The policy never changes, so the same URL always gets the same answer.
    private func checked(_ url: String) throws(HTTPError) -> RequestTarget {
        if let hit = lastChecked.withLock({ $0 }), hit.url == url { return hit.target }
        let target = try policy.check(url)
        lastChecked.withLock { $0 = (url, target) }
        return target
    }

    /// Sends a request and reads the whole response, refusing bodies over `maxBodyBytes`.
    public func fetch(_ request: HTTPRequest, maxBodyBytes: Int = 4 << 20) async throws -> HTTPResponse {
        var head: HTTPResponseHead?
        var body: [UInt8] = []
        for try await event in stream(request) {
            switch event {
            case .head(let h): head = h
            case .body(let chunk):
                body.append(contentsOf: chunk)
                if body.count > maxBodyBytes {
                    throw HTTPError(code: .tooLarge, host: RequestTarget(request.url)?.host ?? "", message: "response body larger than \(maxBodyBytes) bytes")
                }
            }
        }
        guard let head else {
            throw HTTPError(code: .transport, host: RequestTarget(request.url)?.host ?? "", message: "the connection closed before a response arrived")
        }
        return HTTPResponse(head: head, body: body)
    }

    /// Polls `descriptor` on the loop thread beside curl's sockets until its callback returns false.
    public func watch(_ descriptor: WatchedDescriptor) {
        post(.watch(descriptor))
    }

    /// Ends the loop; live transfers fail with `.shutdown`.
    public func shutdown() {
        inbox.withLock { box in
            guard !box.closed else { return }
            box.closed = true
            curl_multi_wakeup(multi)
        }
    }

    private func post(_ command: Command) {
        // On the loop thread (a task on `executor`) the loop reads the inbox before it polls again.
        let wake = !executor.isLoopThread
        let accepted = inbox.withLock { box -> Bool in
            guard !box.closed else { return false }
            box.commands.append(command)
            if wake { curl_multi_wakeup(multi) }
            return true
        }
        if !accepted, case .add(let transfer) = command {
            transfer.fail(HTTPError(code: .shutdown, host: transfer.host, message: "the HTTP engine has shut down"))
        }
    }

    // MARK: loop thread

    private func runLoop() {
        executor.attach()
        var running: Int32 = 0
        var waits: [curl_waitfd] = []
        while true {
            // Tasks first: what they start is added below, in the same round.
            executor.runQueued()
            let (commands, closed) = inbox.withLock { box -> ([Command], Bool) in
                let taken = box.commands
                box.commands.removeAll(keepingCapacity: true)
                return (taken, box.closed)
            }
            if closed { break }
            for command in commands {
                switch command {
                case .add(let transfer):
                    live[transfer.easy] = transfer
                    if curl_multi_add_handle(multi, transfer.easy) != CURLM_OK {
                        live[transfer.easy] = nil
                        transfer.fail(HTTPError(code: .transport, host: transfer.host, message: "libcurl refused the transfer"))
                    }
                case .cancel(let transfer):
                    if live.removeValue(forKey: transfer.easy) != nil {
                        curl_multi_remove_handle(multi, transfer.easy)
                    }
                    transfer.fail(HTTPError(code: .transport, host: transfer.host, message: "cancelled"))
                case .resume(let transfer):
                    // curl may deliver the held chunk from inside this call (CURLPAUSE_CONT is 0).
                    if live[transfer.easy] != nil { curl_easy_pause(transfer.easy, 0) }
                case .watch(let descriptor):
                    watched.append(descriptor)
                }
            }
            curl_multi_perform(multi, &running)
            var left: Int32 = 0
            while let message = curl_multi_info_read(multi, &left) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                let code = message.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                if let transfer = live.removeValue(forKey: easy) { transfer.complete(code) }
            }
            if !live.isEmpty { endOverdueHeads() }
            // Work already queued (resumed tasks, new commands) goes round again without polling:
            // curl_multi_perform reads what its sockets hold by itself.
            if executor.hasJobs || inbox.withLock({ !$0.commands.isEmpty }) { continue }
            waits = watched.map { curl_waitfd(fd: $0.fd, events: Int16(CURL_WAIT_POLLIN), revents: 0) }
            var ready: Int32 = 0
            waits.withUnsafeMutableBufferPointer { buffer in
                _ = curl_multi_poll(multi, buffer.baseAddress, UInt32(buffer.count), 1000, &ready)
            }
            if ready > 0, !watched.isEmpty { serveWatched(waits) }
        }
        for (easy, transfer) in live {
            curl_multi_remove_handle(multi, easy)
            transfer.fail(HTTPError(code: .shutdown, host: transfer.host, message: "the HTTP engine has shut down"))
        }
        live.removeAll()
        executor.retire()
        // The multi handle is kept: a late `post` may still call curl_multi_wakeup on it.
    }

    /// Ends the transfers whose head deadline passed (`HTTPRequest.headTimeoutMilliseconds`).
    private func endOverdueHeads() {
        let now = ContinuousClock.now
        for (easy, transfer) in live where transfer.headIsOverdue(at: now) {
            live[easy] = nil
            curl_multi_remove_handle(multi, easy)
            transfer.complete(CURLE_OPERATION_TIMEDOUT)
        }
    }

    /// Calls the descriptors that are readable or hung up; drops those that are done. curl maps
    /// only POLLIN/POLLOUT/POLLPRI of extra descriptors, and a pipe whose writer closed shows
    /// POLLHUP alone, which makes every poll return at once: on one wake in eight that curl
    /// did not attribute to a watched descriptor, poll(2) asks them directly, with no wait, so an
    /// ended stdin is seen after a few idle turns at most, while a wake for curl's sockets (four
    /// or five per response over TLS) costs no extra system call (issue 15, measured with strace).
    private func serveWatched(_ waits: [curl_waitfd]) {
        var fired = waits.map { $0.revents != 0 }
        if fired.contains(true) {
            unattributedWakes = 0
        } else {
            unattributedWakes += 1
            guard unattributedWakes % 8 == 0 else { return }
            var fds = watched.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
            guard poll(&fds, nfds_t(fds.count), 0) > 0 else { return }
            fired = fds.map { $0.revents != 0 }
        }
        var keep: [WatchedDescriptor] = []
        for (descriptor, fired) in zip(watched, fired) {
            if fired, !descriptor.onReadable() { continue }
            keep.append(descriptor)
        }
        watched = keep
    }
}

/// `curl_global_init`, once per process, before any thread uses curl.
enum CurlGlobal {
    private static let done: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    static func initialize() { _ = done }
}

/// The multi handle for the executor's wake-up: `curl_multi_wakeup` may be called from any thread.
private struct UncheckedMulti: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer
    init(_ handle: UnsafeMutableRawPointer) { self.handle = handle }
}
