// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The access token the transports send (`Authorization: Bearer`, MCP authorization "Token
/// Requirements": on every request, never in a URL). The OAuth session writes it; every write
/// bumps `generation`, so a request that failed with an old token can tell that a newer one exists.
public final class CredentialSlot: Sendable {
    private let state = Mutex<(token: String?, generation: Int)>((nil, 0))

    public init() {}

    public var generation: Int { state.withLock { $0.generation } }

    public func replace(with token: String?) {
        state.withLock { $0 = (token, $0.generation + 1) }
    }

    /// The header field for a request, when there is a token.
    public func authorizationHeader() -> (name: String, value: String)? {
        state.withLock { $0.token }.map { ("Authorization", "Bearer " + $0) }
    }
}
