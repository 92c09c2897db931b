// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// One request on one connection, judged from its bytes: the parser, then the validator, then
/// the page to send back. Pure; the socket layer only moves bytes and acts on the verdict.
enum CallbackExchange {
    enum Step: Sendable, Equatable {
        /// Keep reading.
        case incomplete
        /// Send `response`, close the connection, then act on `verdict`.
        case reply(response: [UInt8], verdict: CallbackValidator.Verdict)
    }

    static func step(_ bytes: [UInt8], listeningPort: UInt16, host: LoopbackHost = .ipv4, expectation: CallbackExpectation) -> Step {
        let verdict: CallbackValidator.Verdict
        switch CallbackRequest.parse(bytes, listeningPort: listeningPort, host: host, path: expectation.path) {
        case .incomplete:
            return .incomplete
        case .rejected(let rejection):
            verdict = .rejected(rejection)
        case .callback(let query):
            verdict = CallbackValidator.validate(query, against: expectation)
        }
        return .reply(response: CallbackPage.response(for: verdict), verdict: verdict)
    }
}
