// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TokenVault

/// Entry file names: a digest of the key, so a name reveals nothing and has no path syntax.
@Suite struct EntryKeyTests {
    @Test("entry file names are entry- and 40 hex digits of SHA-256(len(resource):resource ‖ issuer): no path syntax, nothing revealed")
    func entryFileNames() {
        // Computed independently: sha256(b"https://mcp.example.com/mcp\x00https://auth.example.com").hexdigest()[:40]
        #expect(sampleKey.fileStem == "entry-3bbee4c449f86a36f166a5ec3fe57ec1a8194c42")
        #expect(EntryKey(server: "", resource: "https://mcp.example.com/mcp", issuer: "").fileStem == "entry-baac56fc4e0525351a3420fc0bc3a775c3e90185")
        let hostile = EntryKey(server: "", resource: "../../etc/passwd", issuer: "/\u{0}x")
        #expect(hostile.fileStem.utf8.count == 46 && !hostile.fileStem.contains("/") && !hostile.fileStem.contains("."))
        #expect(sampleKey.fileStem != EntryKey(server: "", resource: sampleKey.resource, issuer: "https://auth.example.org").fileStem)
        // The length prefix keeps ("a\0b", "") and ("a", "b\0")-style pairs apart.
        #expect(EntryKey(server: "", resource: "ab", issuer: "c").fileStem != EntryKey(server: "", resource: "a", issuer: "bc").fileStem)
        #expect(sampleKey.description == "https://mcp.example.com/mcp (issuer https://auth.example.com)")
        #expect(EntryKey(server: "", resource: "https://imported.example", issuer: "").description == "https://imported.example")
    }
}
