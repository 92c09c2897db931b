/// The HTTP responses the listener sends: one short HTML page per outcome.
///
/// The page never repeats the code, the state or any other query value, loads nothing and runs
/// no script (OAuth 2.1 draft-13 §2.3.6, §7.12.2: the redirect endpoint should not include
/// third-party scripts; RFC 8252 §7.3). The headers keep the response out of caches
/// (`Cache-Control: no-store`), keep the callback URL, which holds the code, out of any
/// `Referer` (`Referrer-Policy: no-referrer`, OAuth 2.1 draft-13 §7.4.2) and forbid every
/// subresource (`Content-Security-Policy: default-src 'none'`).
enum CallbackPage {
    /// The response for a request the listener judged.
    static func response(for verdict: CallbackValidator.Verdict) -> [UInt8] {
        switch verdict {
        case .finished(.success(.authorized)):
            return response(status: 200, text: "mcp-warden: authorized, you can close this tab")
        case .finished(.success(.denied(let error, _))):
            return response(status: 200, text: "mcp-warden: authorization was denied: \(error)")
        case .finished(.failure):
            return response(status: 400, text: "mcp-warden: the response did not come from the expected authorization server; the login was stopped")
        case .rejected(let rejection):
            return response(status: rejection.status, text: "mcp-warden: this request was not accepted (\(rejection.label))")
        }
    }

    /// A complete `HTTP/1.1` response whose body is `text`, HTML-escaped, in a minimal page.
    static func response(status: Int, text: String) -> [UInt8] {
        let body = Array(
            """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>mcp-warden</title></head>
            <body><p>\(htmlEscaped(text))</p></body></html>

            """.utf8)
        var head = "HTTP/1.1 \(status) \(reasonPhrase(status))\r\n"
        head += "Content-Type: text/html; charset=utf-8\r\n"
        head += "Content-Length: \(body.count)\r\n"
        head += "Cache-Control: no-store\r\n"
        head += "Referrer-Policy: no-referrer\r\n"
        head += "Content-Security-Policy: default-src 'none'\r\n"
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
