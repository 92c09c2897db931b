// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CCurl
import COpenSSL
import Glibc
import HTTPGrammar
import Platform

/// One libcurl easy handle and the stream it feeds.
///
/// Thread confinement: created on any thread, then touched only by the engine's loop thread
/// (callbacks run there too). The C callbacks capture nothing; they find the transfer through
/// the userdata pointer, and the engine's `live` table keeps it alive for the whole transfer.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    /// Where the handle goes back when this transfer is gone (it is out of the multi by then).
    private let handles: EasyHandlePool
    let host: String
    /// `scheme://host:port`, for what the engine learns about the server (MultiplexingOrigins).
    private let origin: String
    let channel: HTTPEventChannel
    /// How far the reader is behind: a body chunk past the limit pauses the transfer.
    private let flow: BodyFlow
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var requestBody: UnsafeMutableRawBufferPointer?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    /// The pin check of this transfer (C memory: the callbacks write into it), when pins apply.
    private var pinCheck: UnsafeMutablePointer<cossl_pin_check>?
    private var pinDigests: UnsafeMutableBufferPointer<UInt8>?
    /// The origin's host as a C string, for the pin check (C memory, like it).
    private var pinHost: UnsafeMutablePointer<CChar>?
    /// What the SSL_CTX function gets: the engine's store and `pinCheck` (C memory, like it).
    private let tls: UnsafeMutablePointer<ccurl_tls>
    /// Keeps the store alive as long as this transfer may start a connection.
    private let trust: TrustStore
    private let pins: [SPKIPin]
    private let pinOwner: String
    private var headFields = ResponseHeadFields()
    private var headDelivered = false
    /// `HTTPRequest.headTimeoutMilliseconds` as a deadline, and whether it passed with no head.
    private var headDeadline: (at: ContinuousClock.Instant, milliseconds: Int)?
    private var headOverdue = false
    private(set) var finished = false

    init(
        request: HTTPRequest, target: RequestTarget, policy: TrustPolicy, trust: TrustStore, flow: BodyFlow = BodyFlow(),
        channel: HTTPEventChannel, handles: EasyHandlePool = EasyHandlePool()
    ) throws(HTTPError) {
        guard let easy = handles.take() else {
            throw HTTPError(code: .transport, host: target.host, message: "libcurl could not create a transfer")
        }
        self.easy = easy
        self.handles = handles
        self.host = target.host
        self.origin = target.origin
        self.channel = channel
        self.flow = flow
        pins = target.scheme == "https" ? (request.pinOverride ?? policy.pins) : []
        pinOwner = policy.pinOwner
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        self.trust = trust
        tls = .allocate(capacity: 1)
        tls.initialize(to: ccurl_tls(store: trust.store, check: nil))
        try configure(request: request, target: target, policy: policy)
    }

    deinit {
        handles.give(easy)
        if let headerList { curl_slist_free_all(headerList) }
        requestBody?.deallocate()
        errorBuffer.deallocate()
        pinCheck?.deallocate()
        pinDigests?.deallocate()
        free(pinHost)
        tls.deallocate()
    }

    private func set(_ code: CURLcode, _ what: String) throws(HTTPError) {
        guard code == CURLE_OK else {
            throw HTTPError(code: .transport, host: host, message: "libcurl refused \(what): \(String(cString: curl_easy_strerror(code)))")
        }
    }

    private func configure(request: HTTPRequest, target: RequestTarget, policy: TrustPolicy) throws(HTTPError) {
        try set(ccurl_setopt_str(easy, CURLOPT_URL, request.url), "the URL")
        try set(ccurl_setopt_str(easy, CURLOPT_PROTOCOLS_STR, target.scheme == "http" ? "http" : "https"), "the protocol list")
        try set(ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
        try set(ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 1), "peer verification")
        try set(ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 2), "host verification")
        // An HTTPS proxy (HTTPS_PROXY=https://…) is verified like a server, against the same store;
        // the pins are the origin's and do not apply to it (cossl_install_pin_check).
        try set(ccurl_setopt_long(easy, CURLOPT_PROXY_SSL_VERIFYPEER, 1), "proxy peer verification")
        try set(ccurl_setopt_long(easy, CURLOPT_PROXY_SSL_VERIFYHOST, 2), "proxy host verification")
        try set(ccurl_setopt_long(easy, CURLOPT_SSLVERSION, CURL_SSLVERSION_TLSv1_2), "TLS 1.2 minimum")
        // A resumed TLS session skips certificate verification callbacks; never resume.
        try set(ccurl_setopt_long(easy, CURLOPT_SSL_SESSIONID_CACHE, 0), "the session cache")
        try set(ccurl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0), "redirect handling")
        try set(ccurl_setopt_long(easy, CURLOPT_SUPPRESS_CONNECT_HEADERS, 1), "proxy header suppression")
        try set(ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, policy.connectTimeoutMilliseconds), "the connect timeout")
        if let total = request.totalTimeoutMilliseconds { try set(ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, total), "the total timeout") }
        if let slow = request.lowSpeed {
            try set(ccurl_setopt_long(easy, CURLOPT_LOW_SPEED_LIMIT, slow.bytesPerSecond), "the low-speed limit")
            try set(ccurl_setopt_long(easy, CURLOPT_LOW_SPEED_TIME, slow.seconds), "the low-speed time")
        }
        try set(ccurl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1), "TCP keep-alive")
        // A pooled connection idle for 4 s or more is not reused. libcurl 7.88 cannot tell that a
        // server closed an idle TLS connection (its check peeks one byte: the server's close_notify
        // counts as "alive"), and a request sent on such a connection dies and is retried on the
        // next pooled one, at most 5 times: after a burst, a pool of dead connections fails requests
        // ("Connection died, tried 5 times"). Servers close idle connections after 5 s (uvicorn,
        // hypercorn, Node.js, Apache) or later; a connection in use (an SSE stream, an HTTP/2
        // connection with a stream open) never ages.
        try set(ccurl_setopt_long(easy, CURLOPT_MAXAGE_CONN, 3), "the idle age of pooled connections")
        // No content decoding is offered: a paused transfer's decoder output is held by libcurl
        // without a bound, so a compressed body (a zstd or gzip bomb) would get around the
        // back-pressure of `BodyFlow` (issue 14). Identity bodies only.
        try set(ccurl_setopt_long(easy, CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS)), "HTTP/2 over TLS when offered")
        // A burst to a server that multiplexes shares its connection instead of opening one per
        // request before the first has negotiated HTTP/2 (see MultiplexingOrigins for when).
        if target.scheme == "https", MultiplexingOrigins.multiplexes(origin) {
            try set(ccurl_setopt_long(easy, CURLOPT_PIPEWAIT, 1), "waiting for a multiplexed connection")
        }
        try set(ccurl_setopt_ptr(easy, CURLOPT_ERRORBUFFER, errorBuffer), "the error buffer")
        if !pins.isEmpty { preparePinCheck() }
        let code = ccurl_set_tls(easy, tls)
        guard code == CURLE_OK else {
            throw HTTPError(
                code: .tls, host: host,
                message: "libcurl cannot set up TLS connections with its backend (\(String(cString: curl_easy_strerror(code)))); refusing to connect")
        }

        switch request.method {
        case "GET": break
        case "POST":
            try set(ccurl_setopt_long(easy, CURLOPT_POST, 1), "POST")
        default:
            try set(ccurl_setopt_str(easy, CURLOPT_CUSTOMREQUEST, request.method), "the method")
        }
        if let body = request.body {
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: max(body.count, 1), alignment: 1)
            body.withUnsafeBytes { buffer.copyMemory(from: $0) }
            requestBody = buffer
            try set(ccurl_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)), "the body size")
            try set(ccurl_setopt_ptr(easy, CURLOPT_POSTFIELDS, buffer.baseAddress), "the body")
        }

        var list: UnsafeMutablePointer<curl_slist>? = nil
        for (name, value) in request.headers {
            guard HTTPGrammar.isToken(name), HTTPGrammar.isFieldValue(value) else {
                curl_slist_free_all(list)
                throw HTTPError(
                    code: .policy, host: host,
                    message: "refusing to send header \"\(VisibleText.sanitized(name, limit: 64))\": its name or value holds forbidden characters")
            }
            list = curl_slist_append(list, "\(name): \(value)")
        }
        list = curl_slist_append(list, "Expect:")  // no 100-continue round trip
        headerList = list
        try set(ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, list), "the headers")

        let me = Unmanaged.passUnretained(self).toOpaque()
        try set(
            ccurl_setopt_write_fn(
                easy, CURLOPT_HEADERFUNCTION,
                { ptr, size, count, userdata in
                    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
                    return transfer.onHeaderLine(UnsafeRawBufferPointer(start: ptr, count: size * count))
                }), "the header callback")
        try set(ccurl_setopt_ptr(easy, CURLOPT_HEADERDATA, me), "the header context")
        try set(
            ccurl_setopt_write_fn(
                easy, CURLOPT_WRITEFUNCTION,
                { ptr, size, count, userdata in
                    let transfer = Unmanaged<CurlTransfer>.fromOpaque(userdata!).takeUnretainedValue()
                    return transfer.onBody(UnsafeRawBufferPointer(start: ptr, count: size * count))
                }), "the body callback")
        try set(ccurl_setopt_ptr(easy, CURLOPT_WRITEDATA, me), "the body context")
        if let milliseconds = request.headTimeoutMilliseconds {
            headDeadline = (ContinuousClock.now + .milliseconds(milliseconds), milliseconds)
        }
    }

    /// Loop thread: true once the head deadline passed before the head arrived, never after it
    /// did. The engine checks every live transfer at least once a second and ends an overdue one
    /// (`complete` then reports the timeout); a progress callback per transfer cost more on every
    /// round of curl's work (issue 15, measured with callgrind).
    func headIsOverdue(at now: ContinuousClock.Instant) -> Bool {
        guard !headDelivered, !finished, let deadline = headDeadline, now >= deadline.at else { return false }
        headOverdue = true
        return true
    }

    /// Pins on top of chain and host-name checks: in the handshake (SSL_CTX verify callback), for
    /// a chain valid for the origin's host (not an HTTPS proxy's own chain), and before each
    /// request on the origin's connection that curl picked, pooled ones included.
    private func preparePinCheck() {
        let digests = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: pins.count * 32)
        for (index, pin) in pins.enumerated() {
            for (offset, byte) in pin.digest.enumerated() { digests[index * 32 + offset] = byte }
        }
        pinDigests = digests
        let check = UnsafeMutablePointer<cossl_pin_check>.allocate(capacity: 1)
        check.initialize(to: cossl_pin_check())
        check.pointee.pins = UnsafePointer(digests.baseAddress)
        check.pointee.count = pins.count
        pinHost = strdup(host)
        check.pointee.host = UnsafePointer(pinHost)
        pinCheck = check
        tls.pointee.check = UnsafeMutableRawPointer(check)
    }

    // MARK: callbacks (loop thread)

    private func onHeaderLine(_ line: UnsafeRawBufferPointer) -> Int {
        guard headFields.add(line) else { return line.count }
        let fields = headFields.takeFields()
        var status = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        if status >= 200 || status == 0 {
            headDelivered = true
            noteProtocol()
            channel.yield(.head(HTTPResponseHead(status: status, headers: fields)))
        }
        return line.count
    }

    /// Whether the server answered over HTTP/2, for the next transfers to it (MultiplexingOrigins).
    private func noteProtocol() {
        var version = 0
        guard ccurl_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version) == CURLE_OK, version != 0 else { return }
        MultiplexingOrigins.answered(origin, overHTTP2: version == CURL_HTTP_VERSION_2_0)
    }

    private func onBody(_ chunk: UnsafeRawBufferPointer) -> Int {
        if !headDelivered {
            headDelivered = true
            noteProtocol()
            var status = 0
            _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
            channel.yield(.head(HTTPResponseHead(status: status, headers: headFields.fields)))
        }
        guard chunk.count > 0 else { return 0 }
        // The reader is behind: curl keeps this chunk and delivers it again once resumed.
        guard flow.admit(chunk.count) else { return Int(CURL_WRITEFUNC_PAUSE) }
        channel.yield(.body(Array(chunk)))
        return chunk.count
    }

    /// Ends the stream with curl's verdict. Called once, on the loop thread.
    func complete(_ code: CURLcode) {
        guard !finished else { return }
        finished = true
        if code == CURLE_OK {
            channel.finish()
        } else {
            if !headDelivered { MultiplexingOrigins.failedToConnect(origin) }
            channel.finish(throwing: error(for: code))
        }
    }

    func fail(_ error: HTTPError) {
        guard !finished else { return }
        finished = true
        channel.finish(throwing: error)
    }

    private func error(for code: CURLcode) -> HTTPError {
        if let check = pinCheck, check.pointee.mismatch != 0 {
            let observed = withUnsafeBytes(of: check.pointee.report) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            let stage = check.pointee.found_by_recheck != 0 ? " (found re-checking a reused connection before sending)" : ""
            return HTTPError(
                code: .pinMismatch, host: host,
                message:
                    "no certificate in the verified chain carries a key pinned for \(pinOwner)\(stage); expected one of \(pins.map(\.description).joined(separator: ", ")); observed chain: \(observed)"
            )
        }
        if headOverdue, let deadline = headDeadline {
            let bound = deadline.milliseconds % 1000 == 0 ? "\(deadline.milliseconds / 1000) s" : "\(deadline.milliseconds) ms"
            return HTTPError(code: .timeout, host: host, message: "no response within \(bound)")
        }
        var detail = errorBuffer[0] != 0 ? String(cString: errorBuffer) : String(cString: curl_easy_strerror(code))
        var proxyVerification = 0
        if ccurl_getinfo_long(easy, CURLINFO_PROXY_SSL_VERIFYRESULT, &proxyVerification) == CURLE_OK, proxyVerification != 0 {
            detail = "the HTTPS proxy (HTTPS_PROXY) failed certificate verification: \(detail)"
        }
        let kind: HTTPError.Code
        switch code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: kind = .dns
        case CURLE_COULDNT_CONNECT: kind = .connect
        case CURLE_OPERATION_TIMEDOUT: kind = headDelivered ? .timeout : .connect
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CACERT_BADFILE,
            CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_CERTPROBLEM, CURLE_SSL_ISSUER_ERROR:
            kind = .tls
        case CURLE_UNSUPPORTED_PROTOCOL: kind = .policy
        default: kind = .transport
        }
        return HTTPError(code: kind, host: host, message: detail)
    }
}
