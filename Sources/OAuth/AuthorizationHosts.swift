// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import PinnedHTTP
import Synchronization

/// Which hosts each OAuth request may go to (issue 3 "Policy enforcement": every metadata,
/// registration, token and revocation URL passes the endpoint's policy before it is used).
public final class AuthorizationHosts: Sendable {
    public enum Role: String, Sendable {
        case resourceMetadata = "protected resource metadata"
        case serverMetadata = "authorization server metadata"
        case authorization = "authorization endpoint"
        case registration = "registration endpoint"
        case token = "token endpoint"
        case revocation = "revocation endpoint"
    }

    /// Decides whether an authorization server may be used for this resource (trust on first use).
    /// `mayRecord` is true only for an issuer found by discovery for this server: one read from the
    /// vault is checked against the record, never recorded (issue 13).
    public typealias IssuerApproval = @Sendable (_ issuer: String, _ mayRecord: Bool) throws(OAuthError) -> Void

    enum Mode {
        /// A registry entry, or a user entry that names its hosts: fixed sets per role.
        case listed([Role: Set<String>])
        /// A server trusted without a host list: its own host, plus the host of the one issuer approved.
        case firstUse(approve: IssuerApproval)
    }

    let mcpHost: String
    let mode: Mode
    let allowPlainHTTPToLoopback: Bool
    let owner: String
    private let approvedIssuerHost = Mutex<String?>(nil)

    /// Fixed hosts per role. The MCP hosts may serve the resource metadata.
    public init(
        owner: String, mcpHosts: Set<String>, authorization: Set<String>, registration: Set<String>, token: Set<String>,
        revocation: Set<String>, mcpHost: String, allowPlainHTTPToLoopback: Bool
    ) {
        self.owner = owner
        self.mcpHost = mcpHost
        self.allowPlainHTTPToLoopback = allowPlainHTTPToLoopback
        mode = .listed([
            .resourceMetadata: mcpHosts, .serverMetadata: authorization.union(token), .authorization: authorization,
            .registration: registration, .token: token, .revocation: revocation
        ])
    }

    /// The server's own host, then whichever issuer `approve` accepts.
    public init(owner: String, mcpHost: String, allowPlainHTTPToLoopback: Bool, approve: @escaping IssuerApproval) {
        self.owner = owner
        self.mcpHost = mcpHost
        self.allowPlainHTTPToLoopback = allowPlainHTTPToLoopback
        mode = .firstUse(approve: approve)
    }

    /// Only the hosts of an authorization server whose metadata was verified when a grant was
    /// made (`logout` of a stored grant): its issuer, and its token and revocation endpoints.
    public static func stored(_ server: VerifiedServerMetadata, owner: String, mcpHost: String, allowPlainHTTPToLoopback: Bool) -> AuthorizationHosts {
        func hosts(_ url: String?) -> Set<String> { url.flatMap { target(of: $0) }.map { [$0.host] } ?? [] }
        let issuer = hosts(server.issuer)
        return AuthorizationHosts(
            owner: owner, mcpHosts: [], authorization: issuer, registration: [], token: hosts(server.tokenEndpoint),
            revocation: hosts(server.revocationEndpoint), mcpHost: mcpHost, allowPlainHTTPToLoopback: allowPlainHTTPToLoopback)
    }

    /// Called once an issuer is chosen, before anything is fetched from it.
    func admit(issuer: String, mayRecord: Bool = true) throws(OAuthError) {
        guard let target = Self.target(of: issuer) else {
            throw OAuthError(.invalidMetadata, "the authorization server \(MetadataJSON.shown(issuer)) is not an http(s) URL")
        }
        switch mode {
        case .listed:
            try check(issuer, role: .serverMetadata)
        case .firstUse(let approve):
            try scheme(of: target, url: issuer, role: .serverMetadata)
            try approve(issuer, mayRecord)
            approvedIssuerHost.withLock { $0 = target.host }
        }
    }

    /// Throws `.policy` unless `url` may be used for `role`.
    public func check(_ url: String, role: Role) throws(OAuthError) {
        guard let target = Self.target(of: url) else {
            throw OAuthError(.policy, "the \(role.rawValue) \(MetadataJSON.shown(url)) is not an absolute http(s) URL")
        }
        try scheme(of: target, url: url, role: role)
        let allowed: Set<String>
        switch mode {
        case .listed(let sets):
            allowed = sets[role] ?? []
        case .firstUse:
            if role == .resourceMetadata {
                allowed = [mcpHost]
            } else {
                allowed = approvedIssuerHost.withLock { $0 }.map { [$0] } ?? []
            }
        }
        guard allowed.contains(target.host) else {
            throw OAuthError(
                .policy,
                "the \(role.rawValue) \(MetadataJSON.shown(url)) is on \(target.host), which is not a host of \(owner) (allowed: \(allowed.sorted().joined(separator: ", ")))",
                hint: "the server's metadata points outside the hosts this endpoint may use; mcp-warden will not follow it")
        }
    }

    /// An absolute http(s) URL made of visible ASCII only, as RFC 3986 writes every URL.
    /// (`RequestTarget` percent-encodes what it cannot parse, so a server-supplied URL holding an
    /// escape sequence would otherwise pass, and reach stderr in a message.)
    static func target(of url: String) -> RequestTarget? {
        guard url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return RequestTarget(url)
    }

    private func scheme(of target: RequestTarget, url: String, role: Role) throws(OAuthError) {
        if target.scheme == "https" { return }
        guard target.isLoopback, allowPlainHTTPToLoopback else {
            throw OAuthError(
                .policy, "the \(role.rawValue) \(MetadataJSON.shown(url)) is not https",
                hint: target.isLoopback
                    ? "pass --allow-http to allow plain http to a loopback host" : "OAuth 2.1 §1.5 requires TLS for every authorization server endpoint")
        }
    }
}
