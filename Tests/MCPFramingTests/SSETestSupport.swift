// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

@testable import MCPFraming

/// What a parser produced from a whole stream: events, errors, and its final state.
struct SSEOutcome: Equatable {
    var events: [SSEEvent] = []
    var errors: [SSEParseError] = []
    var lastEventID = ""
    var retryMilliseconds: Int?
}

/// Feeds `chunks` in order (recording thrown errors and carrying on), then finishes.
func runSSE(_ chunks: [[UInt8]], maxEventBytes: Int = 64 << 20) -> SSEOutcome {
    var parser = SSEParser(maxEventBytes: maxEventBytes)
    var outcome = SSEOutcome()
    for chunk in chunks {
        do {
            outcome.events += try parser.feed(chunk)
        } catch {
            outcome.errors.append(error)
        }
    }
    outcome.events += parser.finish()
    outcome.lastEventID = parser.lastEventID
    outcome.retryMilliseconds = parser.retryMilliseconds
    return outcome
}

func runSSE(_ text: String, maxEventBytes: Int = 64 << 20) -> SSEOutcome {
    runSSE([utf8(text)], maxEventBytes: maxEventBytes)
}

func sseEvents(_ text: String) -> [SSEEvent] {
    runSSE(text).events
}
