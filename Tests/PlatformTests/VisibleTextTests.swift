// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import Platform

/// Issue 13 item 6: one sanitizer for every text a server controls — nothing a terminal obeys or
/// a reader cannot see, and no credential from a URL's query.
struct VisibleTextTests {
    static let hidden: [(String, String)] = [
        ("ESC", "\u{1B}[2J"), ("CSI (C1)", "\u{9B}31m"), ("NEL (C1)", "\u{85}"), ("DEL", "\u{7F}"), ("BEL", "\u{07}"),
        ("right-to-left override", "\u{202E}"), ("first strong isolate", "\u{2068}"), ("arabic letter mark", "\u{061C}"),
        ("zero-width space", "\u{200B}"), ("zero-width joiner", "\u{200D}"), ("byte order mark", "\u{FEFF}"),
        ("tag A", "\u{E0041}"), ("private use", "\u{E000}"), ("line separator", "\u{2028}"), ("unassigned", "\u{0378}")
    ]

    @Test(arguments: hidden)
    func hiddenAndControlCharactersBecomeAQuestionMark(_ named: (String, String)) {
        let shown = VisibleText.sanitized("before" + named.1 + "after")
        #expect(shown.unicodeScalars.allSatisfy { !VisibleText.isHidden($0) }, "\(named.0) survived")
        #expect(shown.hasPrefix("before?") && shown.hasSuffix("after"), "\(named.0): \(shown)")
    }

    @Test func lineBreaksAndTabsBecomeSpacesAndVisibleTextStays() {
        #expect(VisibleText.sanitized("a\nb\r\nc\td") == "a b  c d")
        #expect(VisibleText.sanitized("café ✓ 東京 https://x.example/a?b=c#d") == "café ✓ 東京 https://x.example/a?b=c#d")
    }

    @Test func aLimitCutsAndSaysSo() {
        #expect(VisibleText.sanitized(String(repeating: "x", count: 10), limit: 4) == "xxxx…")
        #expect(VisibleText.sanitized("xxxx", limit: 4) == "xxxx")
    }

    @Test(arguments: [
        ("https://h/mcp?api_key=SECRET1", "https://h/mcp?api_key=<redacted>"),
        ("https://h/mcp?tenant=acme&token=SECRET1&x=1", "https://h/mcp?tenant=acme&token=<redacted>&x=1"),
        ("see https://h/cb?code=SECRET1&state=abc for details", "see https://h/cb?code=<redacted>&state=abc for details"),
        ("https://h/?X-Api-Key=SECRET1#frag", "https://h/?X-Api-Key=<redacted>#frag"),
        ("https://h/?accessToken=SECRET1;sig=SECRET2", "https://h/?accessToken=<redacted>;sig=<redacted>"),
        ("\"https://h/?client_secret=SECRET1\"", "\"https://h/?client_secret=<redacted>\""),
        ("https://h/?password=SECRET1)", "https://h/?password=<redacted>)"),
        ("https://h/?session=SECRET1", "https://h/?session=<redacted>")
    ])
    func secretQueryValuesAreRedacted(_ pair: (String, String)) {
        let shown = VisibleText.sanitized(pair.0)
        #expect(shown == pair.1)
        #expect(!shown.contains("SECRET"))
    }

    /// The authorization URL printed for `--no-browser` must stay usable: nothing in it is secret.
    @Test func anAuthorizationURLStaysWhole() {
        let url =
            "https://as/authorize?response_type=code&client_id=abc&redirect_uri=http%3A%2F%2F127.0.0.1%3A1%2Fcb&code_challenge=xyz&code_challenge_method=S256&state=st&resource=https%3A%2F%2Fmcp"
        #expect(VisibleText.sanitized(url) == url)
    }

    @Test(arguments: ["https://h/mcp?tenant=acme&page=2", "a = b", "x?=y", "?&=", "https://h/mcp?api_key=", "==&&??"])
    func textWithoutSecretValuesIsUnchanged(_ text: String) {
        #expect(VisibleText.redactingQuerySecrets(text) == text)
    }

    /// Sanitizing is idempotent: a hidden character in front of `token=` is a separator too.
    @Test func aHiddenCharacterBeforeASecretNameStillRedacts() {
        let shown = VisibleText.sanitized("x\u{200B}token=SECRET1 y")
        #expect(shown == "x?token=<redacted> y")
        #expect(VisibleText.sanitized(shown) == shown)
    }

    @Test func hostileBytesNeverCrashTheScanner() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("?&;=#\"' <>)token=keyA\u{9B}\u{202E}é".unicodeScalars)
        for _ in 0..<2000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...40, using: &generator) { text.append(alphabet.randomElement(using: &generator)!) }
            let shown = VisibleText.sanitized(String(text))
            #expect(shown.unicodeScalars.allSatisfy { !VisibleText.isHidden($0) })
            #expect(VisibleText.sanitized(shown) == shown)
        }
    }
}
