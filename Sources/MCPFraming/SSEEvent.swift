// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// One dispatched server-sent event (WHATWG HTML §9.2.6, "dispatch the event").
public struct SSEEvent: Sendable, Equatable {
    /// The event type: "message" unless an `event:` field set a non-empty one.
    public var type: String
    /// The `data:` lines joined with "\n" (the final "\n" removed), as UTF-8: what a transport
    /// decodes as JSON, without a round trip through `String`. Always valid UTF-8: the parser
    /// decodes invalid sequences as U+FFFD, as WHATWG says.
    public private(set) var dataBytes: [UInt8]
    /// The last event ID in force when this event was dispatched; nil if none was ever set
    /// or it was reset with an empty `id:` field.
    public var id: String?

    /// `dataBytes` as text.
    public var data: String { String(decoding: dataBytes, as: UTF8.self) }

    public init(type: String = "message", data: String, id: String? = nil) {
        self.init(type: type, validUTF8: Array(data.utf8), id: id)
    }

    init(type: String, validUTF8 dataBytes: [UInt8], id: String?) {
        self.type = type
        self.dataBytes = dataBytes
        self.id = id
    }
}

/// The stream broke a limit of the parser (the WHATWG format itself has no invalid input).
/// The description never contains stream content.
public struct SSEParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { "invalid event stream: \(reason)" }
}
