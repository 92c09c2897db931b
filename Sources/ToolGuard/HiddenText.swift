// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Text that a person reviewing a tool does not see but a model reads (the "tool poisoning"
/// attack): Unicode tag characters (U+E0000–E007F, which spell ASCII invisibly), zero-width and
/// bidi controls and the other format characters (Cf), private-use (Co) and unassigned code
/// points, the other default-ignorable code points (Hangul fillers, variation selectors beyond
/// the one an emoji takes), and control characters other than tab and line breaks.
public enum HiddenText {
    /// True when `scalar`, coming after `previous`, is invisible in the sense above. A variation
    /// selector right after a visible character is how emoji are written (`❤️` is U+2764 U+FE0F),
    /// and a zero-width joiner after an emoji joins emoji (`👩‍💻`); a run of selectors, or one
    /// after nothing, carries data (the "variation selector smuggling" of 2025).
    public static func isHidden(_ scalar: Unicode.Scalar, after previous: Unicode.Scalar?) -> Bool {
        let value = scalar.value
        if value < 0x20 { return value != 0x09 && value != 0x0A && value != 0x0D }
        if value < 0x7F { return false }
        if value <= 0x9F { return true }
        let properties = scalar.properties
        if properties.isVariationSelector, let previous, !previous.properties.isVariationSelector,
            !isHidden(previous, after: nil)
        {
            return (0xE0100...0xE01EF).contains(value)
        }
        if value == 0x200D, let previous, previous.value >= 0x2000, previous.properties.isEmoji { return false }
        switch properties.generalCategory {
        case .format, .privateUse, .unassigned, .control, .surrogate: return true
        default: return properties.isDefaultIgnorableCodePoint
        }
    }

    /// True when `text` holds no hidden scalar. Plain printable ASCII (most text) is decided from
    /// its bytes, without Unicode property lookups.
    public static func isClean(_ text: String) -> Bool {
        if text.utf8.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return true }
        return count(in: text) == 0
    }

    /// How many hidden scalars `text` holds.
    public static func count(in text: String) -> Int {
        var previous: Unicode.Scalar? = nil
        var found = 0
        for scalar in text.unicodeScalars {
            if isHidden(scalar, after: previous) { found += 1 }
            previous = scalar
        }
        return found
    }

    /// `text` with every hidden scalar written as `\u{XXXX}`: what a warning shows.
    public static func escaped(_ text: String) -> String {
        guard !isClean(text) else { return text }
        var out = ""
        var previous: Unicode.Scalar? = nil
        for scalar in text.unicodeScalars {
            if isHidden(scalar, after: previous) {
                out += "\\u{" + hex(scalar.value) + "}"
            } else {
                out.unicodeScalars.append(scalar)
            }
            previous = scalar
        }
        return out
    }

    /// `text` without its hidden scalars (`--strip-invisible`): what the editor is given.
    public static func stripped(_ text: String) -> String {
        guard !isClean(text) else { return text }
        var out = String.UnicodeScalarView()
        var previous: Unicode.Scalar? = nil
        for scalar in text.unicodeScalars {
            if !isHidden(scalar, after: previous) { out.append(scalar) }
            previous = scalar
        }
        return String(out)
    }

    /// What the tag characters in `text` spell (U+E0020–E007E are ASCII 0x20–0x7E shifted), or nil
    /// when it holds none: the hidden instruction a model would read.
    public static func tagText(_ text: String) -> String? {
        var spelled = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where (0xE0020...0xE007E).contains(scalar.value) {
            spelled.append(Unicode.Scalar(UInt8(scalar.value - 0xE0000)))
        }
        return spelled.isEmpty ? nil : String(spelled)
    }

    static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return digits.count < 4 ? String(repeating: "0", count: 4 - digits.count) + digits : digits
    }
}
