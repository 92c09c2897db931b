// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import EditorConfigs
import Endpoints
import Glibc
import Platform

/// What `install` and `migrate` share: reading the one file they change, refusing a file that
/// cannot be parsed, and either printing the diff (`--dry-run`) or writing it with a backup.
struct EditorConfigChange {
    let file: EditorConfigFile
    /// The file's bytes as read (nil: it does not exist yet).
    let original: [UInt8]?
    let config: ParsedConfig

    static func load(_ file: EditorConfigFile) throws(UserError) -> EditorConfigChange {
        let read = EditorConfigFiles.read(file)
        var original: [UInt8]?
        switch read.bytes {
        case .success(let bytes):
            guard read.ownerUID == geteuid() else {
                throw UserError(
                    .config, "\(read.symlinkTarget ?? file.path) belongs to another user (uid \(read.ownerUID)); mcp-warden never writes it",
                    hint: "edit it as its owner")
            }
            original = bytes
        case .failure(let error):
            var info = stat()
            guard lstat(file.path, &info) != 0, errno == ENOENT else {
                throw UserError(.config, "cannot read \(file.path): \(error.reason); nothing written")
            }
        }
        do throws(ConfigParseError) {
            return EditorConfigChange(file: file, original: original, config: try ParsedConfig.parse(original ?? [], as: file))
        } catch {
            throw UserError(
                .config,
                "\(file.path) is not valid \(file.format == .toml ? "TOML" : "JSON") (\(error.description)); mcp-warden never rewrites a file it cannot parse",
                hint: "fix the file by hand, then run the command again")
        }
    }

    /// Prints the diff or writes the file; the line said on stderr. Nothing happens when the
    /// edits change nothing (a second run).
    func commit(_ edits: [TextEdit], dryRun: Bool) throws(UserError) -> String {
        let before = original ?? []
        let after = ConfigEdit.apply(edits, to: before)
        guard after != before else { return "\(file.path): already up to date, nothing written" }
        if dryRun {
            print(Self.shown(LineDiff.unified(before, after, name: file.path)), terminator: "")
            return "\(file.path): would be changed (dry run, nothing written)"
        }
        let backup = try ConfigFileWriter.write(after, to: file.path, original: original)
        return "\(file.path): written" + (backup.map { "; the previous version is in \($0)" } ?? " (new file)")
    }

    /// The diff as printed: each line sanitized, and a line that holds a secret (the context of
    /// an entry whose env has one) replaced by a note, so the dry run prints no secret either.
    static func shown(_ diff: String) -> String {
        diff.split(separator: "\n").map { line -> String in
            let text = String(line)
            guard SecretShapes.find(in: text, name: text) == nil else { return "\(text.prefix(1))    (a line holding a secret, not shown)" }
            return VisibleText.sanitized(text)
        }.joined(separator: "\n") + "\n"
    }

    /// This executable, as the entries should start it.
    static func executablePath() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : "mcp-warden"
    }

    /// Whether mcp-warden trusts the URL without `--allow-unlisted`: the registry or a user endpoint.
    static func isKnown(_ url: String, userEndpoints: [UserEndpoint]) -> Bool {
        EndpointRegistry.entry(matching: url) != nil || userEndpoints.contains { $0.matches(url) }
    }

    /// A literal secret among arguments about to be written into a config, if any.
    static func literalSecret(in arguments: [String]) -> SecretMatch? {
        for (index, argument) in arguments.enumerated() {
            let flag = index > 0 && arguments[index - 1].hasPrefix("-") ? arguments[index - 1] : nil
            let name = argument.firstIndex(of: ":").map { String(argument[..<$0]) } ?? flag
            if let match = SecretShapes.find(in: argument, name: name) { return match }
        }
        return nil
    }
}
