// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Why a request to the callback port was turned away. The listener answers it with `status`,
/// keeps waiting for the real callback, and counts it under `label` for the timeout message.
///
/// Labels are fixed text: they never contain anything the request carried.
enum Rejection: Sendable, Equatable, CaseIterable {
    /// Not `method SP origin-form SP version` (RFC 9112 §3), or a control character in it.
    case malformedRequestLine
    /// `*`, absolute-form or authority-form target (RFC 9112 §3.2); only origin-form is served.
    case notOriginForm
    /// Anything but HTTP/1.1 or HTTP/1.0, including the HTTP/2 connection preface.
    case unsupportedVersion
    /// A header line without a colon, a name that is not a token, whitespace before the colon,
    /// line folding or a control character (RFC 9112 §5.1, §5.2; RFC 9110 §5.6.2).
    case malformedHeader
    /// The request head is larger than 8 KiB (RFC 6585 §5).
    case headTooLarge
    /// `Host` missing, repeated or not exactly the redirect URI's `HOST:PORT` (RFC 9112 §3.2); blocks DNS rebinding.
    case wrongHost
    /// Not GET (RFC 9110 §15.5.6).
    case methodNotAllowed
    /// Not the registered redirect path (RFC 8252 §7.3).
    case wrongPath
    /// A bad `%` escape, a decoded control character, invalid UTF-8 or a repeated parameter
    /// (WHATWG URL application/x-www-form-urlencoded; RFC 6749 §3.1 "MUST NOT be included more than once").
    case malformedQuery
    /// No or empty `state` (OAuth 2.1 draft-13 §7.12.2).
    case stateMissing
    /// `state` differs from the one sent (OAuth 2.1 draft-13 §7.12.2).
    case stateMismatch
    /// `error` is not RFC 6749 Appendix A.7 syntax.
    case malformedError
    /// Neither `error` nor a non-empty `code` (RFC 6749 §4.1.2).
    case codeMissing
    /// `code` longer than 4096 bytes or not visible ASCII (RFC 6749 Appendix A.11).
    case malformedCode
    /// The connection ended or stalled before a whole request head arrived.
    case incompleteRequest

    /// The HTTP status of the page served for it.
    var status: Int {
        switch self {
        case .headTooLarge: return 431
        case .methodNotAllowed: return 405
        case .wrongPath: return 404
        case .incompleteRequest: return 408
        default: return 400
        }
    }

    /// A short lowercase phrase for stderr and the timeout summary.
    var label: String {
        switch self {
        case .malformedRequestLine: return "malformed request line"
        case .notOriginForm: return "request target not in origin form"
        case .unsupportedVersion: return "unsupported HTTP version"
        case .malformedHeader: return "malformed header"
        case .headTooLarge: return "request head too large"
        case .wrongHost: return "wrong or missing Host header"
        case .methodNotAllowed: return "method not GET"
        case .wrongPath: return "wrong path"
        case .malformedQuery: return "malformed query"
        case .stateMissing: return "state missing"
        case .stateMismatch: return "state did not match"
        case .malformedError: return "malformed error parameter"
        case .codeMissing: return "code missing"
        case .malformedCode: return "malformed code"
        case .incompleteRequest: return "incomplete request"
        }
    }

    /// The line handed to the listener's `report` callback.
    var reportLine: String {
        "rejected a request to the callback listener: \(label) (HTTP \(status))"
    }
}

/// Counts rejections in the order they first happened, for the timeout message.
struct RejectionTally: Sendable, Equatable {
    private(set) var entries: [(rejection: Rejection, count: Int)] = []

    var total: Int { entries.reduce(0) { $0 + $1.count } }

    mutating func add(_ rejection: Rejection) {
        if let index = entries.firstIndex(where: { $0.rejection == rejection }) {
            entries[index].count += 1
        } else {
            entries.append((rejection, 1))
        }
    }

    /// "2 requests rejected: state did not match (1), wrong path (1)", or "no request arrived".
    var summary: String {
        guard total > 0 else { return "no request arrived" }
        let noun = total == 1 ? "request" : "requests"
        let parts = entries.map { "\($0.rejection.label) (\($0.count))" }.joined(separator: ", ")
        return "\(total) \(noun) rejected: \(parts)"
    }

    static func == (lhs: RejectionTally, rhs: RejectionTally) -> Bool {
        lhs.entries.elementsEqual(rhs.entries) { $0.rejection == $1.rejection && $0.count == $1.count }
    }
}
