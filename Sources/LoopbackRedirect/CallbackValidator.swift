// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import HTTPGrammar

/// Decides what a well-formed callback query means for the flow: pure, query in and verdict out.
///
/// Order (each step only runs when the one before passed):
/// 1. `state` present, non-empty and equal to the expected one in constant time, else the
///    request is rejected and the listener keeps waiting: any local process or web page can
///    send a forged callback first (OAuth 2.1 draft-13 §7.12.2, RFC 6749 §10.12).
/// 2. `iss` per RFC 9207 §2.4: when present it must equal the expected issuer by simple string
///    comparison (RFC 3986 §6.2.1: no case folding, no default-port or trailing-slash or
///    percent-encoding normalisation); when absent the response is refused only if the
///    server's metadata promised `iss`. Because `state` matched, a failure here means the
///    response came through the real flow from the wrong server (a mix-up attack, RFC 9207 §1):
///    the wait ends with `issuerMismatch` and the response's `error` parameters are neither
///    acted on nor shown (RFC 9207 §2.4, MCP 2026-07-28 authorization "Authorization Response
///    Validation").
/// 3. `error` present → `.denied` (RFC 6749 §4.1.2.1), when it has Appendix A.7 syntax.
/// 4. Else `code` present, 1…4096 bytes of visible ASCII (RFC 6749 Appendix A.11) → `.authorized`.
/// Parameters not named here are ignored (RFC 6749 §4.1.2: "The client MUST ignore unrecognized
/// response parameters").
enum CallbackValidator {
    /// The longest authorization code accepted.
    static let maxCodeBytes = 4096
    /// The longest `error_description` passed on; longer ones are cut.
    static let maxDescriptionCharacters = 300

    enum Verdict: Sendable, Equatable {
        /// Answer with the rejection's page and keep waiting.
        case rejected(Rejection)
        /// The flow is over: hand this to the caller.
        case finished(Result<CallbackResult, LoopbackError>)
    }

    static func validate(_ query: CallbackQuery, against expectation: CallbackExpectation) -> Verdict {
        guard let state = query["state"], !state.isEmpty else { return .rejected(.stateMissing) }
        guard ConstantTime.equal(Array(state.utf8), Array(expectation.state.utf8)) else {
            return .rejected(.stateMismatch)
        }

        if let issuer = query["iss"] {
            // Simple string comparison of the form-decoded value: UTF-8 bytes, not Swift's
            // canonical-equivalence `==`.
            guard issuer.utf8.elementsEqual(expectation.issuer.utf8) else {
                return .finished(
                    .failure(
                        LoopbackError(
                            .issuerMismatch,
                            "the authorization response did not come from \(expectation.issuer) (RFC 9207 iss mismatch); the login was stopped")))
            }
        } else if expectation.issuerRequired {
            return .finished(
                .failure(
                    LoopbackError(
                        .issuerMismatch,
                        "the authorization response carried no iss although \(expectation.issuer) announces it (RFC 9207 §2.4); the login was stopped")))
        }

        if let error = query["error"] {
            guard isErrorCode(error) else { return .rejected(.malformedError) }
            return .finished(.success(.denied(error: error, description: query["error_description"].flatMap(sanitizedDescription))))
        }

        guard let code = query["code"], !code.isEmpty else { return .rejected(.codeMissing) }
        guard code.utf8.count <= maxCodeBytes, code.utf8.allSatisfy(HTTPGrammar.isVisible) else {
            return .rejected(.malformedCode)
        }
        return .finished(.success(.authorized(ValidatedCallback(code: code))))
    }

    /// `error = 1*NQSCHAR`, `NQSCHAR = %x20-21 / %x23-5B / %x5D-7E` (RFC 6749 Appendix A.7):
    /// printable ASCII without `"` and `\`.
    static func isErrorCode(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.allSatisfy { (0x20...0x7E).contains($0) && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
    }

    /// Printable ASCII only (anything else becomes `?`), at most 300 characters, surrounding
    /// spaces removed; nil when nothing is left. The description is the server's text, shown
    /// to the user as a hint, so it is made safe for a terminal rather than rejected.
    static func sanitizedDescription(_ value: String) -> String? {
        var characters: [UInt8] = []
        for scalar in value.unicodeScalars.prefix(maxDescriptionCharacters) {
            characters.append((0x20...0x7E).contains(scalar.value) ? UInt8(scalar.value) : UInt8(ascii: "?"))
        }
        while characters.last == HTTPGrammar.space { characters.removeLast() }
        while characters.first == HTTPGrammar.space { characters.removeFirst() }
        return characters.isEmpty ? nil : String(decoding: characters, as: UTF8.self)
    }
}
