/// The header fields of a response head, built from the lines curl hands over one at a time
/// (RFC 9112 §2.1: a status line, field lines, an empty line). Pure, so the rules are tested
/// without a socket:
/// - a status line (`HTTP/…`) starts a new head (after a 1xx or a proxy's CONNECT answer);
/// - names are lowercased, values lose leading and trailing spaces and tabs (RFC 9110 §5.5);
/// - a line without a colon is ignored;
/// - at most `maxFields` fields are kept and later ones dropped, so a hostile server cannot
///   grow memory with an endless head.
struct ResponseHeadFields {
    static let maxFields = 512

    private(set) var fields: [HTTPResponseHead.HeaderField] = []

    /// Takes one header line, with or without its line end; true when it is the empty line that
    /// ends a head (then `takeFields()` hands the head's fields over).
    mutating func add(_ line: UnsafeRawBufferPointer) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        if end == 0 { return true }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<end]), as: UTF8.self)
        if text.hasPrefix("HTTP/") {
            fields.removeAll()
        } else if fields.count < Self.maxFields, let colon = text.firstIndex(of: ":") {
            fields.append(.init(name: text[..<colon].lowercased(), value: text[text.index(after: colon)...].trimmingASCIISpaces()))
        }
        return false
    }

    /// The fields collected so far; the collector starts over.
    mutating func takeFields() -> [HTTPResponseHead.HeaderField] {
        defer { fields = [] }
        return fields
    }
}
