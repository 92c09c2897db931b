// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import MCPFraming

/// One thing `audit` reports. Its `message` and `fix` never contain a secret: values are named by
/// their path and shown, when at all, as `SecretShapes.mask` does.
public struct Finding: Sendable, Equatable {
    /// info: nothing wrong, something to know or an improvement (exit 0); warning: against the
    /// checklist, not an exposure by itself (exit 1); problem: a secret, a server or a port
    /// exposed now (exit 2).
    public enum Severity: String, Sendable, Comparable, CaseIterable {
        case info, warning, problem

        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// Stable identifiers (README "audit" lists each).
    public enum Rule: String, Sendable, CaseIterable {
        case literalSecret = "literal-secret"
        case classicGitHubToken = "classic-github-token"
        case secretInTrackedFile = "secret-in-tracked-file"
        case unpinnedPackage = "unpinned-package"
        case latestPackage = "latest-package"
        case plainHTTP = "plain-http"
        case endpointLookalike = "endpoint-lookalike"
        case mcpRemoteEntry = "mcp-remote-entry"
        case mcpRemoteTokenCache = "mcp-remote-token-cache"
        case listeningAllInterfaces = "listening-all-interfaces"
        case filesystemScope = "filesystem-scope"
        case grantRotation = "grant-rotation"
        case unparseableConfig = "unparseable-config"
        case unreadableConfig = "unreadable-config"
        case foreignOwner = "foreign-owner"
    }

    public let rule: Rule
    public let severity: Severity
    /// The file (or directory) the finding is about.
    public let file: String
    public let client: EditorClient?
    /// The server entry's name, when the finding is about one.
    public let server: String?
    /// Where in the file, when the finding is about a value.
    public let path: ConfigPath?
    public let message: String
    public let fix: String?

    public init(
        _ rule: Rule, _ severity: Severity, file: String, client: EditorClient? = nil, server: String? = nil, path: ConfigPath? = nil,
        message: String, fix: String? = nil
    ) {
        self.rule = rule
        self.severity = severity
        self.file = file
        self.client = client
        self.server = server
        self.path = path
        self.message = message
        self.fix = fix
    }

    /// The finding in `audit --json`'s shape (README "audit": the stable fields).
    public func json(sanitize: (String) -> String) -> JSONValue {
        func optional(_ text: String?) -> JSONValue { text.map { .string(sanitize($0)) } ?? .null }
        return .object(
            JSONObject([
                ("rule", .string(rule.rawValue)), ("severity", .string(severity.rawValue)), ("file", .string(sanitize(file))),
                ("client", optional(client?.rawValue)), ("server", optional(server)), ("path", optional(path?.description)),
                ("message", .string(sanitize(message))), ("fix", optional(fix))
            ]))
    }
}

extension Array where Element == Finding {
    /// audit's exit code: 0 when nothing is above info, 1 with warnings, 2 with a problem.
    public var exitCode: Int32 {
        switch self.map(\.severity).max() {
        case .problem?: 2
        case .warning?: 1
        default: 0
        }
    }
}
