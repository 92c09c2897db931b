// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// Tool names that are not what they look like: letters of several scripts in one name
/// (`еcho` with a Cyrillic `е`), or a name that reads like another tool's name of the same list
/// (tool shadowing). MCP 2025-11-25 "Tool names" asks for ASCII letters, digits, `_`, `-` and `.`;
/// this is the pragmatic check for the rest: the scripts whose letters pass for Latin ones, and
/// a small table of the look-alikes that matter (Unicode's confusables, Latin targets only).
public enum LookAlikeNames {
    enum Script: String, Comparable {
        case latin = "Latin", greek = "Greek", cyrillic = "Cyrillic", armenian = "Armenian", cherokee = "Cherokee"
        case fullwidth = "fullwidth Latin", other = "other"

        static func < (lhs: Script, rhs: Script) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    static func script(of scalar: Unicode.Scalar) -> Script? {
        let value = scalar.value
        guard scalar.properties.isAlphabetic else { return nil }
        switch value {
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x1E00...0x1EFF: return .latin
        case 0x370...0x3FF, 0x1F00...0x1FFF: return .greek
        case 0x400...0x52F, 0x1C80...0x1C8F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return .cyrillic
        case 0x530...0x58F: return .armenian
        case 0x13A0...0x13FF, 0xAB70...0xABBF: return .cherokee
        case 0xFF21...0xFF3A, 0xFF41...0xFF5A: return .fullwidth
        default: return .other
        }
    }

    /// The scripts whose letters `name` mixes, when it mixes more than one (sorted); empty otherwise.
    public static func mixedScripts(_ name: String) -> [String] {
        guard !name.utf8.allSatisfy({ $0 < 0x80 }) else { return [] }
        let scripts = Set(name.unicodeScalars.compactMap(script(of:)))
        return scripts.count > 1 ? scripts.sorted().map(\.rawValue) : []
    }

    /// Look-alikes of Latin letters (Unicode confusables.txt, the Greek, Cyrillic and Armenian
    /// letters that render like ASCII in common fonts); fullwidth forms map by offset.
    static let latinLookAlikes: [UInt32: Character] = [
        0x0430: "a", 0x0435: "e", 0x043E: "o", 0x0440: "p", 0x0441: "c", 0x0443: "y", 0x0445: "x", 0x0456: "i", 0x0458: "j",
        0x0455: "s", 0x04BB: "h", 0x0501: "d", 0x051B: "q", 0x051D: "w", 0x0410: "A", 0x0412: "B", 0x0415: "E", 0x041A: "K",
        0x041C: "M", 0x041D: "H", 0x041E: "O", 0x0420: "P", 0x0421: "C", 0x0422: "T", 0x0425: "X", 0x04AE: "Y", 0x0406: "I",
        0x0408: "J", 0x0405: "S", 0x03BF: "o", 0x03BD: "v", 0x03C1: "p", 0x03B9: "i", 0x03BA: "k", 0x0391: "A", 0x0392: "B",
        0x0395: "E", 0x0396: "Z", 0x0397: "H", 0x0399: "I", 0x039A: "K", 0x039C: "M", 0x039D: "N", 0x039F: "O", 0x03A1: "P",
        0x03A4: "T", 0x03A5: "Y", 0x03A7: "X", 0x0585: "o", 0x0578: "n", 0x057D: "u", 0x0561: "w", 0x0570: "h", 0x0573: "d"
    ]

    /// `name` as a reader sees it: look-alikes replaced by their Latin letter, lower case, hidden
    /// characters dropped. Two names with one skeleton cannot be told apart on screen.
    public static func skeleton(_ name: String) -> String {
        var out = ""
        var previous: Unicode.Scalar? = nil
        for scalar in name.unicodeScalars {
            defer { previous = scalar }
            if HiddenText.isHidden(scalar, after: previous) { continue }
            if let latin = latinLookAlikes[scalar.value] {
                out.append(latin)
            } else if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                out.unicodeScalars.append(ascii)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.lowercased()
    }

    /// For each name of `names` that is not plain ASCII and reads like another name of the list,
    /// that other name (`еcho` → `echo`). Names that are plain ASCII are never flagged.
    public static func shadowing(in names: [String]) -> [String: String] {
        let suspects = names.filter { !$0.utf8.allSatisfy { $0 < 0x80 } }
        guard !suspects.isEmpty else { return [:] }
        var bySkeleton: [String: String] = [:]
        for name in names where name.utf8.allSatisfy({ $0 < 0x80 }) { bySkeleton[skeleton(name)] = name }
        for name in suspects where bySkeleton[skeleton(name)] == nil { bySkeleton[skeleton(name)] = name }
        var found: [String: String] = [:]
        for name in suspects {
            if let other = bySkeleton[skeleton(name)], other != name { found[name] = other }
        }
        return found
    }
}
