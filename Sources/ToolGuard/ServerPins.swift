// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The tools of one server as pinned on first use, and the changes waiting for the user
/// (`mcp-warden tools NAME|URL`). A value: the guard decides, a `ToolPinStore` keeps it.
///
/// Pins are never dropped because a tool is missing from a list: a list may come in pages
/// (`nextCursor`), and a tool that goes and comes back unchanged is still the reviewed one.
public struct ServerPins: Sendable, Equatable {
    /// The server's URL with query credentials redacted (as `known-issuers.json` records it).
    public var server: String
    /// Keeps apart URLs that redaction made equal (a digest of the full URL; empty otherwise).
    public var variant: String
    public var firstSeen: String
    public var tools: [String: ToolPin]

    public init(server: String, variant: String, firstSeen: String, tools: [String: ToolPin] = [:]) {
        self.server = server
        self.variant = variant
        self.firstSeen = firstSeen
        self.tools = tools
    }

    public var pinnedCount: Int { tools.values.filter { $0.pinned != nil }.count }
    public var pendingCount: Int { tools.values.filter { $0.pending != nil }.count }

    /// How a definition compares with the record.
    public enum Verdict: Sendable, Equatable {
        /// As pinned.
        case unchanged
        /// Pinned now: the server's first listing.
        case pinnedFirst
        /// Differs from the pin in these aspects; `since` is when the pin was made.
        case changed([ToolDefinition.Aspect], since: String)
        /// Not pinned: the server added it after its first listing.
        case new
    }

    /// Compares `fingerprint` with the pin of `name` and records what the modes say: a first
    /// listing pins; a change or a new tool becomes pending, or is pinned at once with `.allow`.
    /// Returns the verdict; `self` changes only when the record must.
    public mutating func review(
        _ name: String, _ fingerprint: ToolFingerprint, description: String = "", firstListing: Bool, changes: ChangeMode, newTools: ChangeMode,
        today: String
    ) -> Verdict {
        var pin = tools[name] ?? ToolPin(firstSeen: today, pinnedOn: "", pinned: nil, pending: nil)
        let verdict: Verdict
        if let pinned = pin.pinned {
            if pinned.digest == fingerprint.digest {
                verdict = .unchanged
                pin.pending = nil
            } else {
                verdict = .changed(pinned.changes(to: fingerprint), since: pin.pinnedOn)
                if changes == .allow {
                    pin.pinned = fingerprint
                    pin.pinnedOn = today
                    pin.pending = nil
                } else if pin.pending?.fingerprint != fingerprint {
                    pin.pending = PendingChange(fingerprint: fingerprint, seen: today, description: description)
                }
            }
        } else if firstListing || newTools == .allow {
            verdict = firstListing ? .pinnedFirst : .new
            pin.pinned = fingerprint
            pin.pinnedOn = today
            pin.pending = nil
        } else {
            verdict = .new
            if pin.pending?.fingerprint != fingerprint { pin.pending = PendingChange(fingerprint: fingerprint, seen: today, description: description) }
        }
        if tools[name] != pin { tools[name] = pin }
        return verdict
    }

    /// Accepts the pending changes of `names` (all when empty): each becomes the pin. Returns the
    /// names accepted.
    public mutating func accept(_ names: [String], today: String) -> [String] {
        let chosen = names.isEmpty ? Array(tools.keys) : names
        var accepted: [String] = []
        for name in chosen.sorted() {
            guard var pin = tools[name], let pending = pin.pending else { continue }
            pin.pinned = pending.fingerprint
            pin.pinnedOn = today
            pin.pending = nil
            tools[name] = pin
            accepted.append(name)
        }
        return accepted
    }
}

/// What `--tool-changes` and `--new-tools` do with a tool that differs from its pin, or has none.
public enum ChangeMode: String, Sendable, CaseIterable {
    /// Withheld from the editor until accepted (`mcp-warden tools NAME --accept`); a warning.
    case hide
    /// Shown, with a warning, until accepted.
    case warn
    /// Shown and pinned as it is now, with a note.
    case allow
}

/// One tool's record: its pin (nil for a tool that appeared after the first listing and was not
/// accepted yet) and the definition waiting for acceptance, if any.
public struct ToolPin: Sendable, Equatable {
    public var firstSeen: String
    /// When the pinned definition was pinned (first use or acceptance).
    public var pinnedOn: String
    public var pinned: ToolFingerprint?
    public var pending: PendingChange?

    public init(firstSeen: String, pinnedOn: String, pinned: ToolFingerprint?, pending: PendingChange?) {
        self.firstSeen = firstSeen
        self.pinnedOn = pinnedOn
        self.pinned = pinned
        self.pending = pending
    }

    /// What the pending change touches (every aspect for a new tool).
    public var pendingAspects: [ToolDefinition.Aspect] {
        guard let pending else { return [] }
        return pinned?.changes(to: pending.fingerprint) ?? ToolDefinition.Aspect.allCases
    }
}

/// A definition seen but not accepted.
public struct PendingChange: Sendable, Equatable {
    public var fingerprint: ToolFingerprint
    public var seen: String
    /// Its description (hidden characters escaped, cut): what `mcp-warden tools` shows for review.
    public var description: String

    public init(fingerprint: ToolFingerprint, seen: String, description: String = "") {
        self.fingerprint = fingerprint
        self.seen = seen
        self.description = description
    }
}
