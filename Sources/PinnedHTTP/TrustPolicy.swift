// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

/// What the HTTP engine may connect to and which certificates it trusts.
///
/// TLS verification (chain and host name) is always on; there is no switch to turn it off
/// (DESIGN.md invariant 4). Extra anchors add to the system store, they never replace it.
public struct TrustPolicy: Sendable {
    /// Plain `http` is allowed only to loopback hosts, and only when this is set (`--allow-http`).
    public var allowPlainHTTPToLoopback: Bool
    /// Extra trust anchors in PEM (from `--ca-file`), added to the system store.
    public var extraAnchorsPEM: [UInt8]?
    /// How long a TCP + TLS connect may take.
    public var connectTimeoutMilliseconds: Int
    /// When not empty, an https connection is used only if some certificate of its verified chain
    /// carries one of these keys — checked in the handshake and again before every request.
    public var pins: [SPKIPin]
    /// Who the pins belong to, for messages (an endpoint's name).
    public var pinOwner: String
    /// When set, the only hosts requests may go to (a registry entry's hosts); anything else —
    /// a redirect target, an SSE endpoint, a metadata URL — is refused before sending.
    public var allowedHosts: Set<String>?

    public init(
        allowPlainHTTPToLoopback: Bool = false, extraAnchorsPEM: [UInt8]? = nil, connectTimeoutMilliseconds: Int = 10_000,
        pins: [SPKIPin] = [], pinOwner: String = "this server"
    ) {
        self.allowPlainHTTPToLoopback = allowPlainHTTPToLoopback
        self.extraAnchorsPEM = extraAnchorsPEM
        self.connectTimeoutMilliseconds = connectTimeoutMilliseconds
        self.pins = pins
        self.pinOwner = pinOwner
        self.allowedHosts = nil
    }

    /// Checks a URL before anything is sent; the error says what was refused and why.
    public func check(_ url: String) throws(HTTPError) -> RequestTarget {
        guard let target = RequestTarget(url) else {
            throw HTTPError(code: .policy, host: "", message: "not an absolute http(s) URL without credentials")
        }
        if let allowedHosts, !allowedHosts.contains(target.host) {
            throw HTTPError(
                code: .policy, host: target.host,
                message: "\(target.host) is not a host of \(pinOwner); allowed: \(allowedHosts.sorted().joined(separator: ", "))")
        }
        if target.scheme == "http" {
            guard target.isLoopback else {
                throw HTTPError(code: .policy, host: target.host, message: "plain http is refused for a non-loopback host; use https")
            }
            guard allowPlainHTTPToLoopback else {
                throw HTTPError(code: .policy, host: target.host, message: "plain http is refused without --allow-http")
            }
        }
        return target
    }
}
