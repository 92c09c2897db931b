// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

/// The package an `npx`/`bunx`/`uvx`/`pipx run` entry starts, and whether its version is pinned.
/// A floating version runs whatever the registry serves at the next start: a compromised or
/// typo-squatted release reaches the editor with no review (the checklists' "pin versions").
public struct PackageSpec: Sendable, Equatable {
    public enum Pinning: Sendable, Equatable { case pinned, unpinned, latest }

    public let runner: String
    public let spec: String
    /// Index of the spec in `args`.
    public let index: Int
    public let pinning: Pinning

    /// The spec of an entry, or nil when the program is not a package runner (or the spec is a
    /// path, a URL or a git reference, which has no version to pin).
    public static func of(program: String?, args: [String]) -> PackageSpec? {
        guard let program else { return nil }
        let runner = program.hasSuffix(".cmd") ? String(program.dropLast(4)) : program
        let python = runner == "uvx" || runner == "pipx"
        guard ["npx", "bunx", "uvx", "pipx"].contains(runner) else { return nil }
        var position = 0
        if runner == "pipx" {
            guard args.first == "run" else { return nil }
            position = 1
        }
        let valueFlags: Set<String> = ["--python", "-p", "--with", "--index-url", "--cache-dir", "--registry", "--userconfig", "-c", "--call"]
        let specFlags: Set<String> = runner == "uvx" ? ["--from"] : runner == "pipx" ? ["--spec"] : ["--package", "-p"]
        while position < args.count {
            let arg = args[position]
            if specFlags.contains(arg), position + 1 < args.count { return make(runner, args[position + 1], position + 1, python: python) }
            if let flag = specFlags.first(where: { arg.hasPrefix($0 + "=") }) {
                return make(runner, String(arg.dropFirst(flag.count + 1)), position, python: python)
            }
            if arg.hasPrefix("-") {
                position += valueFlags.contains(arg) && !specFlags.contains(arg) ? 2 : 1
                continue
            }
            return make(runner, arg, position, python: python)
        }
        return nil
    }

    private static func make(_ runner: String, _ spec: String, _ index: Int, python: Bool) -> PackageSpec? {
        let lowered = spec.lowercased()
        if spec.hasPrefix(".") || spec.hasPrefix("/") || spec.hasPrefix("~") || lowered.contains("://") || lowered.hasPrefix("git+")
            || lowered.hasPrefix("github:") || lowered.hasPrefix("file:")
        {
            return nil
        }
        return PackageSpec(runner: runner, spec: spec, index: index, pinning: python ? pythonPinning(spec) : npmPinning(spec))
    }

    static func npmPinning(_ spec: String) -> Pinning {
        let body = spec.hasPrefix("@") ? spec.dropFirst() : Substring(spec)
        guard let at = body.lastIndex(of: "@") else { return .unpinned }
        return versionPinning(String(body[body.index(after: at)...]))
    }

    static func pythonPinning(_ spec: String) -> Pinning {
        if let range = spec.firstRange(of: "==") { return versionPinning(String(spec[range.upperBound...])) }
        if let at = spec.lastIndex(of: "@") { return versionPinning(String(spec[spec.index(after: at)...])) }
        return .unpinned
    }

    /// `1.2.3` (with an optional pre-release or build suffix) is pinned; `latest` is said apart;
    /// ranges (`^1.2`, `~1`, `1.x`, `>=1`) and other tags float.
    static func versionPinning(_ version: String) -> Pinning {
        if version.lowercased() == "latest" { return .latest }
        let core = version.prefix { $0 != "-" && $0 != "+" }
        let parts = core.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count >= 2, parts.count <= 4, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) else { return .unpinned }
        return .pinned
    }
}
