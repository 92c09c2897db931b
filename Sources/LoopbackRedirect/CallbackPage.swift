// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The HTTP responses the listener sends: one short HTML page per outcome.
///
/// The page never repeats the code, the state or any other query value, loads nothing and runs
/// no script (OAuth 2.1 draft-13 §2.3.6, §7.12.2: the redirect endpoint should not include
/// third-party scripts; RFC 8252 §7.3). The headers keep the response out of caches
/// (`Cache-Control: no-store`), keep the callback URL, which holds the code, out of any
/// `Referer` (`Referrer-Policy: no-referrer`, OAuth 2.1 draft-13 §7.4.2) and forbid every
/// subresource (`Content-Security-Policy: default-src 'none'`); the one exception is the page's
/// own style sheet, allowed by its SHA-256 (CSP Level 3 §8.3, hash-source), never by
/// `'unsafe-inline'`.
enum CallbackPage {
    /// What the page is about: a finished authorization, or a failure (green or red mark).
    enum Outcome: Sendable {
        case success
        case failure
    }

    /// The response for a request the listener judged.
    static func response(for verdict: CallbackValidator.Verdict) -> [UInt8] {
        switch verdict {
        case .finished(.success(.authorized)):
            return response(status: 200, text: "mcp-warden: authorized, you can close this tab", outcome: .success)
        case .finished(.success(.denied(let error, _))):
            return response(status: 200, text: "mcp-warden: authorization was denied: \(error)")
        case .finished(.failure):
            return response(status: 400, text: "mcp-warden: the response did not come from the expected authorization server; the login was stopped")
        case .rejected(let rejection):
            return response(status: rejection.status, text: "mcp-warden: this request was not accepted (\(rejection.label))")
        }
    }

    /// The page's whole style sheet: the message in a card, centred, in the system's font, a green
    /// or red mark above it; dark when the system is.
    static let style = """
        body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f3f4f6;color:#1f2328;\
        font:17px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}\
        p{max-width:30em;margin:1em;padding:1.25em 1.75em;background:#fff;border-radius:8px;\
        border-top:6px solid #1a7f37;box-shadow:0 1px 4px rgba(0,0,0,.15)}\
        .failure p{border-top-color:#cf222e}\
        @media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}p{background:#161b22}}
        """

    /// `'sha256-…'` of `style`, the only thing the page's `Content-Security-Policy` allows. Keep it
    /// in step with `style`: Integration/tests/test_real_browser.py computes it from the served page
    /// and checks that Chromium applied the sheet (a browser ignores a sheet whose hash is not listed).
    static let styleHash = "sha256-obXLCPeqLZhOm6vPQh+Lw2nad2XdeAItXiDRdratC2c="

    /// A complete `HTTP/1.1` response whose body is `text`, HTML-escaped, in a small page.
    static func response(status: Int, text: String, outcome: Outcome = .failure) -> [UInt8] {
        let body = Array(
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">\
            <title>mcp-warden</title><style>\(style)</style></head>
            <body class="\(outcome == .success ? "success" : "failure")"><p>\(htmlEscaped(text))</p></body></html>

            """.utf8)
        var head = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        head += "Content-Type: text/html; charset=utf-8\r\n"
        head += "Content-Length: \(body.count)\r\n"
        head += "Cache-Control: no-store\r\n"
        head += "Referrer-Policy: no-referrer\r\n"
        head += "Content-Security-Policy: default-src 'none'; style-src '\(styleHash)'\r\n"
        head += "X-Content-Type-Options: nosniff\r\n"
        if status == 405 { head += "Allow: GET\r\n" }  // RFC 9110 §15.5.6: a 405 MUST list the allowed methods
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// Escapes the five characters that are special in HTML text and attribute values.
    static func htmlEscaped(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    private static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 408: return "Request Timeout"
        case 431: return "Request Header Fields Too Large"
        default: return "Error"
        }
    }
}
