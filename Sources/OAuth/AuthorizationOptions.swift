// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CryptoPrimitives
import LoopbackRedirect
import MCPFraming

/// What the user configured for authorization (mcp-remote's flags where they exist).
public struct AuthorizationOptions: Sendable {
    public var serverURL: String
    /// `--static-oauth-client-info`: a pre-registered client, JSON.
    public var staticClientInfo: [UInt8]?
    /// `--static-oauth-client-metadata`: fields added to dynamic registration.
    public var staticClientMetadata: JSONObject?
    /// `--client-metadata-url`: a client ID metadata document, used when the server supports them.
    public var clientMetadataURL: String?
    /// `--resource`: replaces the resource from the metadata.
    public var resourceOverride: String?
    /// The TLS trust of this endpoint, stored with the grant (for `logout` without options).
    public var trust: StoredTrust?
    public var callbackPort: UInt16
    /// `--host`: the host the redirect URI names (the listener binds loopback only, whichever).
    public var callbackHost: LoopbackHost = .ipv4
    /// `--callback-path`: the path of the redirect URI (`CallbackPath`).
    public var callbackPath: String = CallbackExpectation.defaultPath
    public var timeoutSeconds: Int
    /// The longest one OAuth request (metadata, registration, token, revocation) may take.
    public var requestTimeoutSeconds = 30
    public var browser: BrowserChoice
    public var environment: [String: String]
    /// Names of environment variables whose values are secrets (those a `--header` value was
    /// expanded from): kept out of the browser's environment (DESIGN.md invariant 12).
    public var secretVariables: Set<String> = []
    public var version: String
    /// `login` on a terminal: offer to paste the redirected address when no local browser is likely.
    public var offerPaste = false
    /// What to tell a user whose authorization cannot complete in the background.
    public var loginCommand: String
    /// Step-up attempts for one resource before giving up (MCP "Step-Up Authorization Flow": a few).
    public var maxStepUps = 3

    public init(
        serverURL: String, callbackPort: UInt16, timeoutSeconds: Int = 300, browser: BrowserChoice = .system,
        environment: [String: String] = [:], version: String
    ) {
        self.serverURL = serverURL
        self.callbackPort = callbackPort
        self.timeoutSeconds = timeoutSeconds
        self.browser = browser
        self.environment = environment
        self.version = version
        self.loginCommand = "mcp-warden login \(serverURL)"
    }

    /// `--host`: `127.0.0.1`, `localhost`, `[::1]` or `::1` (`LoopbackHost`).
    public static func isCallbackHost(_ argument: String) -> Bool { LoopbackHost(argument: argument) != nil }

    /// Sets `callbackHost` from a `--host` that passed `isCallbackHost` (anything else is ignored).
    public mutating func setCallbackHost(_ argument: String) {
        if let host = LoopbackHost(argument: argument) { callbackHost = host }
    }

    /// Why `--callback-path` is refused (`CallbackPath`), nil when it is fine.
    public static func callbackPathProblem(_ path: String) -> String? { CallbackPath.problem(path) }

    /// The default callback port: stable for a server URL (so a registration's exact redirect URI
    /// stays valid across runs), in 20000–32767: below the ephemeral ports that Linux (32768–60999),
    /// macOS and Windows (49152–65535) hand to outgoing connections, one of which could otherwise
    /// hold the port (seen in the integration tests: a pooled connection sat on the callback port).
    public static func defaultCallbackPort(for serverURL: String) -> UInt16 {
        let digest = Digest.sha256(Array(serverURL.utf8))
        return 20000 + UInt16((Int(digest[0]) << 8 | Int(digest[1])) % 12768)
    }
}

/// Where the flow reports progress (stderr in the bridge). Never handed a secret.
public struct AuthorizationLog: Sendable {
    public let info: @Sendable (String) -> Void
    public let debug: @Sendable (String) -> Void
    public init(info: @escaping @Sendable (String) -> Void, debug: @escaping @Sendable (String) -> Void) {
        self.info = info
        self.debug = debug
    }
}
