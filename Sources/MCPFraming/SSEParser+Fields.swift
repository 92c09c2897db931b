// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Line interpretation, WHATWG HTML §9.2.6 "Event stream interpretation":
///
/// - an empty line dispatches the event;
/// - a line starting with ":" is a comment (keep-alives) and is ignored;
/// - otherwise the field name runs up to the first ":" (the whole line if there is none,
///   with an empty value) and one leading space of the value is removed;
/// - `event` sets the event type buffer; `data` appends the value and "\n" to the data
///   buffer; `id` sets the last event ID buffer unless the value contains U+0000;
///   `retry` sets the reconnection time if the value is all ASCII digits; any other field is
///   ignored. Field names are compared byte for byte (case-sensitive).
extension SSEParser {
    mutating func processLine(_ line: UnsafeRawBufferPointer, into events: inout [SSEEvent]) {
        guard !line.isEmpty else {
            dispatch(into: &events)
            return
        }
        if line[0] == UInt8(ascii: ":") { return }

        let colon = ByteSearch.firstIndex(of: UInt8(ascii: ":"), in: line)
        let name = line.slice(0, colon ?? line.count)
        var valueStart = colon.map { $0 + 1 } ?? line.count
        if valueStart < line.count, line[valueStart] == UInt8(ascii: " ") { valueStart += 1 }
        let value = line.slice(valueStart, line.count)

        if Self.matches(name, "data") {
            // The data of the event so far, plus this value, without the final "\n".
            guard dataBuffer.count + value.count <= maxEventBytes else {
                startSkipping("an event's data is longer than \(maxEventBytes) bytes")
                return
            }
            dataBuffer.appendBytes(value)
            dataBuffer.append(ByteSearch.lineFeed)
        } else if Self.matches(name, "event") {
            eventTypeBuffer = String(repairingUTF8: value)
        } else if Self.matches(name, "id") {
            if ByteSearch.firstIndex(of: 0, in: value) == nil {
                lastEventIDBuffer = String(repairingUTF8: value)
            }
        } else if Self.matches(name, "retry") {
            if let milliseconds = Self.decimalDigitsValue(value) { setRetry(milliseconds) }
        }
    }

    /// `processLine` for a line the parser owns (one that spanned chunks, e.g. a large
    /// `data:` line): when it starts an event's data, its storage becomes the data buffer,
    /// so a large value is not copied into a second buffer of its size.
    mutating func processOwnedLine(_ line: inout [UInt8], into events: inout [SSEEvent]) {
        let valueStart = Self.dataValueStart(of: line)
        guard let valueStart, dataBuffer.isEmpty, line.count - valueStart <= maxEventBytes else {
            line.withUnsafeBytes { processLine($0, into: &events) }
            return
        }
        line.removeSubrange(0..<valueStart)  // in place: the storage is uniquely ours
        line.append(ByteSearch.lineFeed)
        dataBuffer = line
        line = []
    }

    /// Where the value of a `data` field line starts ("data:" and one optional space); nil for
    /// any other line.
    private static func dataValueStart(of line: [UInt8]) -> Int? {
        guard line.count >= 5, line[0] == UInt8(ascii: "d"), line[1] == UInt8(ascii: "a"), line[2] == UInt8(ascii: "t"),
            line[3] == UInt8(ascii: "a"), line[4] == UInt8(ascii: ":")
        else { return nil }
        return line.count > 5 && line[5] == UInt8(ascii: " ") ? 6 : 5
    }

    private static func matches(_ name: UnsafeRawBufferPointer, _ expected: StaticString) -> Bool {
        name.count == expected.utf8CodeUnitCount
            && name.elementsEqual(UnsafeRawBufferPointer(start: expected.utf8Start, count: expected.utf8CodeUnitCount))
    }

    /// The value of a non-empty run of ASCII digits that fits in `Int`; nil otherwise.
    private static func decimalDigitsValue(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard JSONNumberGrammar.isDigit(byte) else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
