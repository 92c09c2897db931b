// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Endpoints
import MCPTransport
import Platform

/// What the registry says about a server the user asked for, at the edges where it matters:
/// `connect` and `login` refuse a removed server or path before any request (it answers 404 or
/// 410, so trying could only fail later and less clearly) and warn once about a deprecated one;
/// `status` and `endpoints` warn about what they show. `logout` stays silent: it must be able to
/// clean up after a removed server.
enum RegistryNotices {
    /// Refuses a removed server or path by name (`EndpointSelection.resolve` found no entry of
    /// that name). Nothing to say when the name was never in the registry.
    static func refuseRemoved(named name: String) throws(UserError) {
        guard let gone = EndpointRegistry.removed(named: name) else { return }
        let words = RegistryNotice.removed(gone)
        throw UserError(.config, words.message, hint: words.hint)
    }

    /// A removed URL keeps its former entry for trust (hosts and pins), so that `logout` can
    /// still revoke what was stored for it; `admit` refuses it for anything else.
    static func formerEntry(of url: String) -> EndpointEntry? {
        EndpointRegistry.removed(matching: url)?.formerEntry.flatMap(EndpointRegistry.entry(named:))
    }

    /// Before `connect` or `login` use a registry endpoint: a removed URL is refused (exit 78),
    /// however it was trusted, unless the user added it as an endpoint of their own; the
    /// legacy transport is refused where the provider removed it (`transport` nil: `login`,
    /// which speaks no MCP); a deprecation is said once on stderr, and the start goes on.
    static func admit(_ selection: EndpointSelection.Selection, transport: TransportMode?, log: Diagnostics) throws(UserError) {
        guard selection.user == nil else { return }
        if let gone = EndpointRegistry.removed(matching: selection.url) {
            let words = RegistryNotice.removed(gone)
            throw UserError(.config, words.message, hint: words.hint)
        }
        guard let entry = selection.entry else { return }
        if let transport, let gone = entry.legacySSEGone, transport.plan.first == .legacySSE {
            let words = RegistryNotice.legacySSEGone(entry, gone)
            guard transport.plan.fallback else { throw UserError(.config, words.message, hint: words.hint) }
            log.warning(words.message)
        }
        if let warning = warning(entry: entry, url: selection.url) { log.warning(warning) }
    }

    /// The one line for a registry entry used at `url`, when its provider deprecated it.
    static func warning(entry: EndpointEntry, url: String) -> String? {
        EndpointRegistry.deprecation(of: entry, at: url).map { deprecation in
            RegistryNotice.deprecated(entry.deprecation == nil ? url : entry.name, deprecation)
        }
    }

    /// The line `status` prints for an authorization stored for `serverURL`, when the registry
    /// has news about that server.
    static func warning(storedFor serverURL: String) -> String? {
        if let gone = EndpointRegistry.removed(matching: serverURL) {
            let words = RegistryNotice.removed(gone)
            return "an authorization is stored for \(words.message); \(words.hint)"
        }
        return EndpointRegistry.entry(matching: serverURL).flatMap { warning(entry: $0, url: serverURL) }
    }
}
