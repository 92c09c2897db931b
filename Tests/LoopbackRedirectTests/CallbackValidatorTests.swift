// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import LoopbackRedirect

private let issuer = "https://as.example/tenant"

private func expectation(issuerRequired: Bool = false, state: String = "st4te") -> CallbackExpectation {
    CallbackExpectation(state: state, issuer: issuer, issuerRequired: issuerRequired)
}

private func validate(_ query: String, _ expectation: CallbackExpectation = expectation()) -> CallbackValidator.Verdict {
    guard let decoded = CallbackQuery.decode(ArraySlice(query.utf8)) else { return .rejected(.malformedQuery) }
    return CallbackValidator.validate(decoded, against: expectation)
}

private let authorized = CallbackValidator.Verdict.finished(.success(.authorized(ValidatedCallback(code: "c0de"))))

private func isIssuerMismatch(_ verdict: CallbackValidator.Verdict) -> Bool {
    if case .finished(.failure(let error)) = verdict { return error.code == .issuerMismatch }
    return false
}

/// `state` is checked first, and a failure only rejects the request (OAuth 2.1 draft-13 §7.12.2).
struct StateValidationTests {
    @Test(arguments: [
        ("code=c0de", Rejection.stateMissing),
        ("state=&code=c0de", .stateMissing),
        ("state=forged&code=c0de", .stateMismatch),
        ("state=st4t&code=c0de", .stateMismatch),
        ("state=st4tee&code=c0de", .stateMismatch),
        ("state=ST4TE&code=c0de", .stateMismatch),
        ("state=st4te+&code=c0de", .stateMismatch),
        // A forged response is rejected before its iss or error is even looked at.
        ("state=forged&iss=https%3A%2F%2Fevil.example&error=access_denied", .stateMismatch)
    ])
    func aMissingOrDifferentStateIsRejected(_ query: String, _ rejection: Rejection) {
        #expect(validate(query) == .rejected(rejection))
    }

    @Test func anEmptyExpectedStateMatchesNothing() {
        #expect(validate("state=&code=c0de", expectation(state: "")) == .rejected(.stateMissing))
        #expect(validate("code=c0de", expectation(state: "")) == .rejected(.stateMissing))
    }

    @Test func aPercentEncodedStateIsComparedDecoded() {
        #expect(validate("state=a%2Bb%3D&code=c0de", expectation(state: "a+b=")) == authorized)
    }
}

/// RFC 9207 §2.4: "Clients that support this specification MUST extract the value of the `iss`
/// parameter from authorization responses they receive if the parameter is present. Clients MUST
/// then decode the value from its "application/x-www-form-urlencoded" form ... and compare the
/// result to the issuer identifier of the authorization server ... using simple string comparison
/// as defined in Section 6.2.1 of [RFC3986]." and "Authorization servers ... that indicate support
/// via `authorization_response_iss_parameter_supported` ... clients MUST reject authorization
/// responses without the `iss` parameter".
@Suite("RFC 9207 §2.4 iss validation")
struct IssuerValidationTests {
    struct Row: CustomTestStringConvertible, Sendable {
        let rule: String
        let issuerRequired: Bool
        let iss: String?  // form-encoded as it appears in the query
        let accepted: Bool
        var testDescription: String { rule }
    }

    static let table: [Row] = [
        Row(rule: "metadata says supported, iss equal → accept", issuerRequired: true, iss: "https%3A%2F%2Fas.example%2Ftenant", accepted: true),
        Row(rule: "metadata says supported, iss absent → reject", issuerRequired: true, iss: nil, accepted: false),
        Row(rule: "metadata says supported, iss different → reject", issuerRequired: true, iss: "https%3A%2F%2Fevil.example%2Ftenant", accepted: false),
        Row(rule: "no support announced, iss absent → accept", issuerRequired: false, iss: nil, accepted: true),
        Row(rule: "no support announced, iss equal → accept", issuerRequired: false, iss: "https://as.example/tenant", accepted: true),
        Row(rule: "no support announced, iss different → reject", issuerRequired: false, iss: "https://evil.example/tenant", accepted: false),
        Row(rule: "no case folding of the host", issuerRequired: false, iss: "https://AS.example/tenant", accepted: false),
        Row(rule: "no case folding of the scheme", issuerRequired: false, iss: "HTTPS://as.example/tenant", accepted: false),
        Row(rule: "no trailing-slash normalisation", issuerRequired: false, iss: "https://as.example/tenant/", accepted: false),
        Row(rule: "no default-port normalisation", issuerRequired: false, iss: "https://as.example:443/tenant", accepted: false),
        Row(
            rule: "no percent-encoding normalisation (%2574 decodes to %74, not t)", issuerRequired: false, iss: "https://as.example/%2574enant",
            accepted: false),
        Row(rule: "empty iss is not absent", issuerRequired: false, iss: "", accepted: false)
    ]

    @Test(arguments: table)
    func row(_ row: Row) {
        let query = "state=st4te&code=c0de" + (row.iss.map { "&iss=\($0)" } ?? "")
        let verdict = validate(query, expectation(issuerRequired: row.issuerRequired))
        if row.accepted {
            #expect(verdict == authorized)
        } else {
            #expect(isIssuerMismatch(verdict))
        }
    }

    @Test func comparisonIsByCodeUnitsNotCanonicalEquivalence() {
        // "é" precomposed (U+00E9) and decomposed (e + U+0301) are equal for Swift's ==, but not
        // for simple string comparison.
        let expected = CallbackExpectation(state: "st4te", issuer: "https://as.example/caf\u{E9}", issuerRequired: true)
        #expect(validate("state=st4te&code=c0de&iss=https://as.example/caf%C3%A9", expected) == authorized)
        #expect(isIssuerMismatch(validate("state=st4te&code=c0de&iss=https://as.example/cafe%CC%81", expected)))
    }

    @Test func anErrorResponseFromTheWrongIssuerIsNotActedOn() {
        // RFC 9207 §2.4 applies to error responses too; the error must not be shown.
        let verdict = validate("state=st4te&error=access_denied&error_description=call+555&iss=https://evil.example", expectation())
        #expect(isIssuerMismatch(verdict))
        let required = validate("state=st4te&error=access_denied", expectation(issuerRequired: true))
        #expect(isIssuerMismatch(required))
        if case .finished(.failure(let error)) = verdict {
            #expect(!error.message.contains("evil"))
            #expect(!error.message.contains("555"))
            #expect(error.message.contains(issuer))
        }
    }
}

/// Error and code responses (RFC 6749 §4.1.2, §4.1.2.1, Appendix A.7, A.11).
struct ResponseParameterTests {
    @Test func anErrorIsDeniedWithTheCodeVerbatim() {
        #expect(validate("state=st4te&error=access_denied") == .finished(.success(.denied(error: "access_denied", description: nil))))
        #expect(validate("state=st4te&error=custom+error%21&error_uri=https://x") == .finished(.success(.denied(error: "custom error!", description: nil))))
    }

    @Test func anErrorWinsOverACode() {
        #expect(validate("state=st4te&code=c0de&error=server_error") == .finished(.success(.denied(error: "server_error", description: nil))))
    }

    @Test func theDescriptionIsPrintableASCIIAndAtMost300Characters() {
        let long = String(repeating: "d", count: 400)
        #expect(
            validate("state=st4te&error=invalid_scope&error_description=\(long)")
                == .finished(.success(.denied(error: "invalid_scope", description: String(repeating: "d", count: 300)))))
        #expect(
            validate("state=st4te&error=invalid_scope&error_description=+no+%E2%9C%93+%1B[31m")
                == .rejected(.malformedQuery))  // a raw control character never gets this far
        #expect(
            validate("state=st4te&error=invalid_scope&error_description=+caf%C3%A9+%E2%9C%93+")
                == .finished(.success(.denied(error: "invalid_scope", description: "caf? ?"))))
        #expect(
            validate("state=st4te&error=invalid_scope&error_description=+++")
                == .finished(.success(.denied(error: "invalid_scope", description: nil))))
    }

    @Test(arguments: ["", "a%22b", "a%5Cb", "caf%C3%A9"])
    func anErrorOutsideItsSyntaxIsRejected(_ error: String) {
        #expect(validate("state=st4te&error=\(error)") == .rejected(.malformedError))
    }

    @Test func aCodeOf4096VisibleCharactersIsAcceptedAndOneMoreIsNot() {
        let code = String(repeating: "C", count: 4096)
        #expect(validate("state=st4te&code=\(code)") == .finished(.success(.authorized(ValidatedCallback(code: code)))))
        #expect(validate("state=st4te&code=\(code)C") == .rejected(.malformedCode))
    }

    @Test(arguments: ["a+b", "caf%C3%A9", "%E2%80%8B"])
    func aCodeOutsideVisibleASCIIIsRejected(_ code: String) {
        #expect(validate("state=st4te&code=\(code)") == .rejected(.malformedCode))
    }

    @Test func theCodeIsHandedOverFormDecoded() {
        #expect(validate("state=st4te&code=%7E~!%24") == .finished(.success(.authorized(ValidatedCallback(code: "~~!$")))))
    }
}
