// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

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
        // Byte by byte, not by Character: this runs for every field of every response.
        var end = line.count
        while end > 0, line[end - 1] == 0x0A || line[end - 1] == 0x0D { end -= 1 }
        if end == 0 { return true }
        if end >= 5, line[0] == 0x48, line[1] == 0x54, line[2] == 0x54, line[3] == 0x50, line[4] == 0x2F {  // "HTTP/"
            fields.removeAll()
            return false
        }
        guard fields.count < Self.maxFields, let colon = line[0..<end].firstIndex(of: 0x3A) else { return false }
        var start = colon + 1
        while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        let name = String(decoding: UnsafeRawBufferPointer(rebasing: line[0..<colon]), as: UTF8.self).lowercased()
        fields.append(.init(name: name, value: String(decoding: UnsafeRawBufferPointer(rebasing: line[start..<end]), as: UTF8.self)))
        return false
    }

    /// The fields collected so far; the collector starts over.
    mutating func takeFields() -> [HTTPResponseHead.HeaderField] {
        defer { fields = [] }
        return fields
    }
}
