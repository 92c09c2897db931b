// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Bridge
import OAuth
import Platform

/// The exit codes of mcp-warden (documented in the README; sysexits.h values).
enum ExitStatus: Int32 {
    /// Done: stdin ended or a signal asked us to stop, the session was closed; a command did its work.
    case ok = 0
    /// A bug or an unexpected failure; a `logout` that could not revoke, an `import` that left a file.
    case internalError = 1
    /// The command line is wrong (also what ArgumentParser uses for its own errors).
    case usage = 64
    /// The server could not be reached (DNS, connect, TLS handshake).
    case unreachable = 69
    /// The server answered but would not start an MCP session.
    case protocolFailure = 76
    /// The server requires authorization and it failed (denied, timed out, refused metadata, …).
    case unauthorized = 77
    /// The configuration or the trust policy refuses the request (unlisted server, a pin
    /// mismatch, plain http, bad CA file, a changed authorization server).
    case config = 78

    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// How a command ended, as far as its exit code goes: the one input of the table.
enum CommandEnding: Equatable {
    case done
    /// A `UserError` stopped the command before its work.
    case refused(UserError.Kind)
    /// The bridge stopped; `authorizationFailure` is why the OAuth session's last renewal failed,
    /// when it did.
    case bridge(BridgeOutcome, authorizationFailure: OAuthError.Code?)
    /// `login` could not authorize.
    case authorizationFailed(OAuthError.Code)
    /// The work was done but part of it failed and was reported (`logout` could not revoke a
    /// token, `import` left a file it should have imported).
    case partlyFailed

    /// The exit code to throw from `run()`.
    var exitCode: ExitCode { ExitStatus(self).exitCode }
}

extension ExitStatus {
    /// The one mapping from how a command ended to its exit code (README "Exit codes";
    /// `ExitTableTests` pins every row).
    init(_ ending: CommandEnding) {
        switch ending {
        case .done: self = .ok
        case .refused(.usage): self = .usage
        case .refused(.config): self = .config
        case .refused(.internalError): self = .internalError
        case .bridge(.finished, _): self = .ok
        case .bridge(.unreachable, _): self = .unreachable
        case .bridge(.refused, _): self = .protocolFailure
        case .bridge(.untrusted, _): self = .config
        case .bridge(.unauthorized, let failure?): self = ExitStatus(.authorizationFailed(failure))
        case .bridge(.unauthorized, nil): self = .unauthorized
        // The authorization server changed since it was recorded (known-issuers.json): a trust
        // decision only the user can make (`login --accept-new-issuer`), like a pin mismatch;
        // authorizing again would not help.
        case .authorizationFailed(.issuerChanged): self = .config
        case .authorizationFailed: self = .unauthorized
        case .partlyFailed: self = .internalError
        }
    }
}

/// An error the user can act on: printed as `mcp-warden: error: …` and `mcp-warden: hint: …`.
struct UserError: Error {
    /// What kind of refusal it is; `ExitStatus.init(_:)` gives its exit code.
    enum Kind: Equatable {
        /// The command line is wrong.
        case usage
        /// The configuration, a trust file or the trust policy refuses.
        case config
        /// Something that should not fail did (the HTTP engine could not start).
        case internalError
    }

    let kind: Kind
    let message: String
    let hint: String?

    init(_ kind: Kind, _ message: String, hint: String? = nil) {
        self.kind = kind
        self.message = message
        self.hint = hint
    }

    /// Says the error on stderr the house way, and gives the exit code to throw.
    func reported(to log: Diagnostics = Diagnostics()) -> ExitCode {
        log.error(message, hint: hint)
        return CommandEnding.refused(kind).exitCode
    }
}
