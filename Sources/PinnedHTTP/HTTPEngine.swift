import CCurl
import Glibc
import Platform
import Synchronization

/// Every outbound HTTP request goes through an engine: one `curl_multi` handle driven by one
/// thread, shared by all transfers of one trust policy (so pooled connections never cross
/// policies). Other tasks never touch curl: they post commands and wake the loop.
public final class HTTPEngine: @unchecked Sendable {
    private enum Command {
        case add(CurlTransfer)
        case cancel(CurlTransfer)
        /// The reader caught up with a paused transfer (`BodyFlow`).
        case resume(CurlTransfer)
    }

    private struct Inbox {
        var commands: [Command] = []
        var closed = false
    }

    public let policy: TrustPolicy
    private let multi: UnsafeMutableRawPointer
    private let trust: TrustStore
    private let inbox = Mutex(Inbox())
    /// Loop thread only.
    private var live: [UnsafeMutableRawPointer: CurlTransfer] = [:]

    public init(policy: TrustPolicy) throws(HTTPError) {
        CurlGlobal.initialize()
        self.trust = try TrustStore(extraAnchorsPEM: policy.extraAnchorsPEM)
        guard let multi = curl_multi_init() else {
            throw HTTPError(code: .transport, host: "", message: "libcurl could not create a multi handle")
        }
        self.multi = multi
        self.policy = policy
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
        let events = AsyncThrowingStream<HTTPEvent, Error> { continuation in
            let transfer: CurlTransfer
            do {
                let target = try policy.check(request.url)
                transfer = try CurlTransfer(request: request, target: target, policy: policy, trust: trust, flow: flow, continuation: continuation)
            } catch {
                continuation.finish(throwing: error)
                return
            }
            flow.onResume { [weak self, weak transfer] in
                if let transfer { self?.post(.resume(transfer)) }
            }
            continuation.onTermination = { [weak self] reason in
                if case .cancelled = reason { self?.post(.cancel(transfer)) }
            }
            post(.add(transfer))
        }
        return HTTPEventStream(events, flow: flow)
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

    /// Ends the loop; live transfers fail with `.shutdown`.
    public func shutdown() {
        inbox.withLock { box in
            guard !box.closed else { return }
            box.closed = true
            curl_multi_wakeup(multi)
        }
    }

    private func post(_ command: Command) {
        let accepted = inbox.withLock { box -> Bool in
            guard !box.closed else { return false }
            box.commands.append(command)
            curl_multi_wakeup(multi)
            return true
        }
        if !accepted, case .add(let transfer) = command {
            transfer.fail(HTTPError(code: .shutdown, host: transfer.host, message: "the HTTP engine has shut down"))
        }
    }

    // MARK: loop thread

    private func runLoop() {
        var running: Int32 = 0
        while true {
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
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for (easy, transfer) in live {
            curl_multi_remove_handle(multi, easy)
            transfer.fail(HTTPError(code: .shutdown, host: transfer.host, message: "the HTTP engine has shut down"))
        }
        live.removeAll()
        // The multi handle is kept: a late `post` may still call curl_multi_wakeup on it.
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
