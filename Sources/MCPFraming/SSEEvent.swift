/// One dispatched server-sent event (WHATWG HTML §9.2.6, "dispatch the event").
public struct SSEEvent: Sendable, Equatable {
    /// The event type: "message" unless an `event:` field set a non-empty one.
    public var type: String
    /// The `data:` lines joined with "\n" (the final "\n" removed); invalid UTF-8 is
    /// decoded as U+FFFD.
    public var data: String
    /// The last event ID in force when this event was dispatched; nil if none was ever set
    /// or it was reset with an empty `id:` field.
    public var id: String?

    public init(type: String = "message", data: String, id: String? = nil) {
        self.type = type
        self.data = data
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
