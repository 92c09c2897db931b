// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CProcess
import EditorConfigs
import Glibc
import Platform

/// Whether git tracks a config file, or would on the next `git add -A` (not ignored), asked of
/// git itself (`ls-files --error-unmatch`, `check-ignore -q`): only the exit statuses are read.
/// git runs without a shell, with stdin, stdout and stderr on /dev/null, no descriptor of ours
/// and only PATH and HOME in its environment. Without git, a file inside a work tree counts as
/// not ignored: the audit errs towards warning.
enum GitTracking {
    static func state(of path: String) -> AuditFacts.GitState {
        let (directory, name) = split(path)
        guard isInsideWorkTree(directory) else { return .outsideRepository }
        if run(["git", "-C", directory, "ls-files", "--error-unmatch", "--", name]) == 0 { return .tracked }
        return run(["git", "-C", directory, "check-ignore", "-q", "--", name]) == 0 ? .ignored : .notIgnored
    }

    static func split(_ path: String) -> (String, String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        return (slash == path.startIndex ? "/" : String(path[..<slash]), String(path[path.index(after: slash)...]))
    }

    /// A `.git` (directory or file) in the directory or one above it.
    private static func isInsideWorkTree(_ directory: String) -> Bool {
        var current = directory
        while true {
            var info = stat()
            if lstat(current + "/.git", &info) == 0 { return true }
            guard let slash = current.lastIndex(of: "/"), current != "/" else { return false }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
        }
    }

    /// The exit status of the command, or 127 when it could not be started.
    private static func run(_ arguments: [String]) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        guard cprocess_spawn_closefrom(&actions, 3) == 0 else { return 127 }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let names: [String] = ["PATH", "HOME"]
        let environment = names.compactMap { name in getenv(name).map { "\(name)=\(String(cString: $0))" } }
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid = pid_t()
        guard posix_spawnp(&pid, arguments[0], &actions, nil, &argv, &envp) == 0 else { return 127 }
        var status: Int32 = 0
        guard Syscall.retrying({ waitpid(pid, &status, 0) }) == pid else { return 127 }
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 127
    }
}
