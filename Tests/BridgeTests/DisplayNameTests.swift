// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Bridge

/// Invariant 2: the bridge's error messages name the server by host, so credentials or keys in
/// the URL never reach stderr.
struct DisplayNameTests {
    @Test(arguments: [
        ("https://mcp.example.com/mcp?api_key=s3cret", "mcp.example.com"),
        ("https://user:s3cret@mcp.example.com/mcp", "the given URL"),
        ("not a url s3cret", "the given URL")
    ])
    func messagesNameTheHostOnly(url: String, expected: String) {
        let name = Bridge.displayName(of: url)
        #expect(name == expected)
        #expect(!name.contains("s3cret"))
    }
}
