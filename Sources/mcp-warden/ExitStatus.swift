import ArgumentParser

/// The exit codes of mcp-warden (documented in the README; sysexits.h values).
enum ExitStatus: Int32 {
    /// stdin ended or a signal asked us to stop; the session was closed.
    case ok = 0
    /// A bug or an unexpected failure.
    case internalError = 1
    /// The command line is wrong (also what ArgumentParser uses for its own errors).
    case usage = 64
    /// The server could not be reached (DNS, connect, TLS handshake).
    case unreachable = 69
    /// The server answered but would not start an MCP session.
    case protocolFailure = 76
    /// The server requires authorization and it failed (denied, timed out, refused metadata, …).
    case unauthorized = 77
    /// The configuration or the trust policy refuses the request (unlisted server, plain http, bad CA file).
    case config = 78

    var exitCode: ExitCode { ExitCode(rawValue) }
}

/// An error the user can act on: printed as `mcp-warden: error: …` and `mcp-warden: hint: …`.
struct UserError: Error {
    let status: ExitStatus
    let message: String
    let hint: String?

    init(_ status: ExitStatus, _ message: String, hint: String? = nil) {
        self.status = status
        self.message = message
        self.hint = hint
    }
}
