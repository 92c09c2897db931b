// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Synchronization

/// The origins this process has seen answer over HTTP/2, for CURLOPT_PIPEWAIT (issue 15 "Bursts").
///
/// With PIPEWAIT, a transfer that finds its origin's connection still connecting waits for it
/// instead of opening another, so a burst to an HTTP/2 server shares one multiplexed connection.
/// The wait is only worth it where the server multiplexes, and in libcurl 7.88 it has no bound of
/// its own: a waiting transfer is outside every timeout until the connection it waits for is up or
/// has failed, and then the next waiter tries anew, so against a server that stalls handshakes the
/// waits add up one connect timeout after another. So a transfer waits only for an origin that
/// answered over HTTP/2 before and whose last connection attempt did not fail: an HTTP/1.1 server,
/// a server never contacted and one that just failed to connect get parallel connections as before.
enum MultiplexingOrigins {
    private static let known = Mutex<Set<String>>([])

    /// Whether transfers to `origin` should wait for its connection (CURLOPT_PIPEWAIT).
    static func multiplexes(_ origin: String) -> Bool {
        known.withLock { $0.contains(origin) }
    }

    /// A response head from `origin` arrived over HTTP/2 (`true`) or HTTP/1.x (`false`).
    static func answered(_ origin: String, overHTTP2: Bool) {
        known.withLock { set in
            if overHTTP2 { set.insert(origin) } else { set.remove(origin) }
        }
    }

    /// A transfer to `origin` failed before any response head: stop waiting for its connections.
    static func failedToConnect(_ origin: String) {
        _ = known.withLock { $0.remove(origin) }
    }
}
