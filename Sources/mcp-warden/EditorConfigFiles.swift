// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import EditorConfigs
import Glibc
import Platform

/// The editor config files on this machine and their bytes, read at the edge: bounded (a huge
/// file is reported, not read), symbolic links followed for reading and said, the owner noted
/// (a file of another user is never written).
enum EditorConfigFiles {
    /// Config files are small; `~/.claude.json` keeps project history and reaches a few MB.
    static let readLimit = 16 << 20

    struct Read {
        let file: EditorConfigFile
        /// The bytes, or why they could not be had.
        let bytes: Result<[UInt8], FileBytes.ReadError>
        /// Where a symbolic link points (resolved), when the path is one.
        let symlinkTarget: String?
        let ownerUID: uid_t
        let mode: mode_t
    }

    static func host(environment: [String: String]) -> ConfigHost {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let project = getcwd(&buffer, buffer.count) != nil ? String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self) : "."
        #if os(macOS)
            let isMacOS = true
        #else
            let isMacOS = false
        #endif
        return ConfigHost(
            home: environment["HOME"] ?? "/", xdgConfigHome: environment["XDG_CONFIG_HOME"], codexHome: environment["CODEX_HOME"], project: project,
            isMacOS: isMacOS)
    }

    /// Every known file of `clients` that exists (a missing file is no finding).
    static func discover(_ clients: [EditorClient], on host: ConfigHost) -> [EditorConfigFile] {
        var seen: Set<String> = []
        return clients.flatMap { $0.files(on: host) }.filter { file in
            var info = stat()
            return lstat(file.path, &info) == 0 && seen.insert(file.path).inserted
        }
    }

    /// A path named on the command line: the editor whose file it looks like, else a generic
    /// file read under every container key the editors use.
    static func file(named path: String, on host: ConfigHost) -> EditorConfigFile {
        let absolute = path.hasPrefix("/") ? path : host.project + "/" + path
        // Each known file's path below the home or project directory, longest first.
        let probe = ConfigHost(home: "/H", project: "/P", isMacOS: host.isMacOS)
        let known = EditorClient.allCases.flatMap { $0.files(on: probe) }.map { (String($0.path.dropFirst(2)), $0) }.sorted { $0.0.count > $1.0.count }
        if let (_, file) = known.first(where: { absolute.hasSuffix($0.0) }) {
            return EditorConfigFile(
                client: file.client, scope: file.scope, path: absolute, format: file.format, containers: file.containers, source: file.source)
        }
        let toml = absolute.hasSuffix(".toml")
        return EditorConfigFile(
            client: toml ? .codex : .claudeDesktop, scope: .user, path: absolute, format: toml ? .toml : .jsonc,
            containers: toml ? [["mcp_servers"]] : [["mcpServers"], ["servers"], ["context_servers"], ["mcp", "servers"]],
            source: "named on the command line")
    }

    static func read(_ file: EditorConfigFile) -> Read {
        var link = stat()
        var info = stat()
        let isLink = lstat(file.path, &link) == 0 && (link.st_mode & S_IFMT) == S_IFLNK
        _ = stat(file.path, &info)
        let target =
            isLink
            ? realpath(file.path, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            } : nil
        let bytes = Result { () throws(FileBytes.ReadError) -> [UInt8] in try FileBytes.read(file.path, limit: readLimit) }
        return Read(file: file, bytes: bytes, symlinkTarget: isLink ? (target ?? "(dangling)") : nil, ownerUID: info.st_uid, mode: info.st_mode & 0o7777)
    }

    /// The wildcard-bound ports, from /proc (nothing on a system without it).
    static func listeningSockets() -> ListeningSockets {
        let texts = ["/proc/net/tcp", "/proc/net/tcp6"].compactMap { path in
            (try? FileBytes.read(path, limit: 8 << 20)).map { String(decoding: $0, as: UTF8.self) }
        }
        return ListeningSockets(procNet: texts)
    }
}
