// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// An outbound HTTP request, as the transports and OAuth code describe it.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    /// Header fields in the order they are sent. Names are sent as given.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    /// When set, the whole transfer (connect, request, response) must end within this many
    /// milliseconds (OAuth requests: a silent authorization server cannot hang a renewal).
    public var totalTimeoutMilliseconds: Int?
    /// When set, the response head must arrive within this many milliseconds of the start; once
    /// it did, the body takes as long as it lasts (an SSE stream of a long-running tool, the GET
    /// stream for server messages). MCP requests: a server that never answers costs a bound.
    public var headTimeoutMilliseconds: Int?
    /// When set, the transfer fails when fewer than `bytesPerSecond` bytes move for `seconds` on end
    /// (CURLOPT_LOW_SPEED_LIMIT/TIME; OAuth requests: a stalled server is dropped before the total).
    public var lowSpeed: (bytesPerSecond: Int, seconds: Int)?
    /// Tests only: pins for this one transfer instead of the engine's, to show that a pooled
    /// connection is re-checked (production code keeps one engine per trust policy).
    var pinOverride: [SPKIPin]?

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// Status line and header fields of a response (the final one; 1xx answers are skipped).
public struct HTTPResponseHead: Sendable, Equatable {
    public let status: Int
    /// Header fields in arrival order; names lowercased.
    public let headers: [HeaderField]

    public struct HeaderField: Sendable, Equatable {
        public let name: String
        public let value: String
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(status: Int, headers: [HeaderField]) {
        self.status = status
        self.headers = headers
    }

    /// The first value of a header field, matched case-insensitively (RFC 9110 §5.1).
    public func value(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.first { $0.name == wanted }?.value
    }

    /// The media type of `Content-Type` without parameters, lowercased (RFC 9110 §8.3.1).
    public var mediaType: String? {
        guard let raw = value("content-type") else { return nil }
        let type = raw.split(separator: ";", maxSplits: 1).first.map(String.init) ?? raw
        return type.trimmingASCIISpaces().lowercased()
    }
}

/// What a streaming request yields: the head once, then body chunks as they arrive.
public enum HTTPEvent: Sendable {
    case head(HTTPResponseHead)
    case body([UInt8])
}

/// A response read to its end.
public struct HTTPResponse: Sendable {
    public let head: HTTPResponseHead
    public let body: [UInt8]
    public var status: Int { head.status }
}

extension StringProtocol {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
