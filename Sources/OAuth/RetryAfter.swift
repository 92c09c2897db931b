// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// `Retry-After` (RFC 9110 §10.2.3) on a 429 (RFC 6585 §4) or 503 from the token endpoint:
/// Cloudflare's MCP servers answer concurrent refreshes with 429 and `Retry-After: 30`. Pure: the
/// field value and the clock in, a bounded number of seconds out, so every hostile value is a
/// unit test (`RetryAfterTests`).
///
/// `Retry-After = HTTP-date / delay-seconds`; an HTTP-date is accepted in all three forms a
/// recipient must accept (RFC 9110 §5.6.7): IMF-fixdate, the obsolete RFC 850 form and asctime.
/// Anything else (negative, fractional, garbage, a date that does not exist) is as if absent.
enum RetryAfter {
    /// The longest one wait may be, whatever the server says: the renewal's `--auth-timeout`
    /// bounds the whole, this bounds each step so one hostile answer cannot eat all of it.
    static let maxSeconds = 60

    /// Seconds to wait, at most `maxSeconds` (a date in the past is 0); nil when `value` is not a
    /// Retry-After value. `now` is seconds since the Unix epoch.
    static func seconds(_ value: String, now: Int) -> Int? {
        var text = Substring(value)
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        guard !text.isEmpty, text.utf8.count <= 64 else { return nil }
        if text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            // delay-seconds = 1*DIGIT; a huge number is a long wait, not an overflow.
            let digits = text.drop { $0 == "0" }
            return digits.count > 6 ? maxSeconds : min(Int(digits) ?? 0, maxSeconds)
        }
        guard let date = HTTPDate.epochSeconds(String(text)) else { return nil }
        return min(max(0, date - now), maxSeconds)
    }
}

/// HTTP-date (RFC 9110 §5.6.7) to seconds since the Unix epoch (UTC, GMT only).
enum HTTPDate {
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let shortDays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    private static let longDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

    static func epochSeconds(_ text: String) -> Int? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        // IMF-fixdate: Sun, 06 Nov 1994 08:49:37 GMT
        if parts.count == 6, parts[0].hasSuffix(","), shortDays.contains(String(parts[0].dropLast())), parts[5] == "GMT",
            parts[1].utf8.count == 2, parts[3].utf8.count == 4
        {
            return make(day: parts[1], month: parts[2], year: parts[3], time: parts[4])
        }
        // rfc850-date: Sunday, 06-Nov-94 08:49:37 GMT (a two-digit year in 1970…2069, RFC 9110 §5.6.7)
        if parts.count == 4, parts[0].hasSuffix(","), longDays.contains(String(parts[0].dropLast())), parts[3] == "GMT" {
            let date = parts[1].split(separator: "-", omittingEmptySubsequences: false).map(String.init)
            guard date.count == 3, date[0].utf8.count == 2, date[2].utf8.count == 2, let short = number(date[2]) else { return nil }
            return make(day: date[0], month: date[1], year: String(short < 70 ? 2000 + short : 1900 + short), time: parts[2])
        }
        // asctime-date: Sun Nov  6 08:49:37 1994 (a one-digit day is padded with a space)
        let compact = text.split(separator: " ").map(String.init)
        if compact.count == 5, shortDays.contains(compact[0]), compact[2].utf8.count <= 2, compact[4].utf8.count == 4 {
            return make(day: compact[2], month: compact[1], year: compact[4], time: compact[3])
        }
        return nil
    }

    private static func make(day: String, month: String, year: String, time: String) -> Int? {
        let clock = time.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard let monthIndex = months.firstIndex(of: month), let d = number(day), let y = number(year), clock.count == 3,
            clock.allSatisfy({ $0.utf8.count == 2 }), let h = number(clock[0]), let m = number(clock[1]), let s = number(clock[2]),
            (1...daysIn(month: monthIndex + 1, year: y)).contains(d), h < 24, m < 60, s < 61, y >= 1970
        else { return nil }
        return daysFromCivil(year: y, month: monthIndex + 1, day: d) * 86_400 + h * 3600 + m * 60 + min(s, 59)
    }

    private static func number(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.count <= 4, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return nil }
        return Int(text)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
