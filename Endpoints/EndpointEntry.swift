// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// One official endpoint: where it lives, what mcp-warden may talk to on its behalf, which
/// certificate authorities may sign for it, and where every fact comes from.
public struct EndpointEntry: Sendable, Hashable {
    /// Short name used on the command line (`atlassian`, `cloudflare-docs`, …).
    public let name: String
    /// What a person calls it.
    public let displayName: String
    /// The URL used when the entry is named on the command line.
    public let url: String
    /// The MCP paths on `mcpHosts` that belong to this entry, with the transport each speaks.
    /// Deprecated paths are listed here too (they still connect); removed ones are not
    /// (`EndpointRegistry.removed`).
    public let paths: [String]
    public let transport: String
    /// Hosts allowed for MCP requests.
    public let mcpHosts: [String]
    /// Hosts allowed for OAuth: authorization server metadata and authorize, registration, token, revocation.
    public let authorizationHosts: [String]
    public let registrationHosts: [String]
    public let tokenHosts: [String]
    public let revocationHosts: [String]
    /// Root CAs whose keys may appear in the verified chain of every host above.
    public let pins: [RootPin]
    /// Where the user revokes the grant in the provider's own interface.
    public let revokeGrantAt: String
    /// The provider's domains: no host of the entry may lie outside them.
    public let domains: [String]
    /// The evidence behind the entry.
    public let facts: [Fact]
    /// Set when the provider deprecated the whole server: it still connects, and every start
    /// says once what to use instead.
    public internal(set) var deprecation: Deprecation? = nil
    /// Paths of `paths` the provider deprecated (an alias, an older version), with what to use instead.
    public internal(set) var deprecatedPaths: [String: Deprecation] = [:]
    /// Set when the provider no longer serves the legacy HTTP+SSE transport (MCP 2024-11-05) on
    /// this entry's hosts: asking for it can only fail, so it is refused before connecting.
    public internal(set) var legacySSEGone: Fact? = nil

    /// Every host mcp-warden may contact for this entry.
    public var allHosts: Set<String> {
        Set(mcpHosts + authorizationHosts + registrationHosts + tokenHosts + revocationHosts)
    }
}

/// A pinned root: the SHA-256 of its SubjectPublicKeyInfo, and the Debian ca-certificates file it comes from.
public struct RootPin: Sendable, Hashable {
    /// The certificate authority, as its owner names it.
    public let authority: String
    /// The file under /etc/ssl/certs (Debian `ca-certificates`) the pin is derived from.
    public let certificateFile: String
    /// `sha256/BASE64`.
    public let spki: String
}

/// One fact of an entry with its source, its date, and how far it was verified.
public struct Fact: Sendable, Hashable {
    public let claim: String
    /// Where it was read: `owner/repo@commit:path`, an issue or pull request URL, a documentation page.
    public let source: String
    /// `YYYY-MM-DD` or `YYYY-MM`: when the source said it; `on or after YYYY-MM-DD` when only a
    /// lower bound is known (a commit whose date the stored copy does not give); `read YYYY-MM-DD`
    /// when the source gives no date at all: the day it was read.
    public let date: String
    public let evidence: Evidence
}

/// How a fact is known. The registry keeps unverified facts visible as such instead of dropping them.
public enum Evidence: String, Sendable, Hashable, CaseIterable {
    /// Read in the provider's own repository, changelog or documentation, at the commit or page named.
    case provider
    /// Reported by a third party (an issue thread, another client's code, a measurement) and not
    /// confirmed by the provider.
    case reported
    /// Inferred by mcp-warden's maintainers: not verified.
    case inferred
}

/// The provider's word that a server or a path is on its way out: it still works today.
public struct Deprecation: Sendable, Hashable {
    /// A registry name (`cloudflare`) or an https URL.
    public let useInstead: String
    /// Why, in a few words, as the provider puts it.
    public let reason: String
    public let fact: Fact
}

/// A server or path the provider took away (it answers 404 or 410): gone from the registry's
/// entries, but still recognized, so that asking for it says what to use instead.
public struct RemovedEndpoint: Sendable, Hashable {
    /// The registry name it had, when a whole entry was removed; nil for a path of a live entry.
    public let formerName: String?
    /// The live entry whose hosts and pins it used, so that an authorization stored for it can
    /// still be revoked and deleted; nil when that entry is gone too.
    public let formerEntry: String?
    public let host: String
    public let path: String
    /// What the provider does with it now, as a verb phrase: "answers 404 Not Found".
    public let outcome: String
    /// A registry name or an https URL.
    public let useInstead: String
    public let fact: Fact

    public var url: String { "https://\(host)\(path)" }
}
