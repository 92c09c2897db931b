// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CProcess
import Glibc
import PinnedHTTP
import Platform

/// Opens the authorization URL in the user's browser (OAuth 2.1 §8.3: the system browser, never
/// an embedded view) without a shell, the URL as one argument (DESIGN.md invariant 8, MCP
/// security best practices "OAuth Authorization URL Validation").
public enum BrowserChoice: Sendable, Equatable {
    /// `$BROWSER` when set, else `xdg-open` (Linux) or `open` (macOS).
    case system
    /// `--no-browser`: print the URL and wait.
    case none
}

enum BrowserLauncher {
    /// The program to run: the first entry of `$BROWSER` (a colon-separated list, run as a
    /// program path, never through a shell), else the platform's opener.
    static func program(environment: [String: String]) -> String? {
        if let browser = environment["BROWSER"], let first = browser.split(separator: ":").first, !first.isEmpty {
            return String(first)
        }
        #if os(macOS)
            return "open"
        #else
            let graphical = environment["DISPLAY"].map { !$0.isEmpty } == true || environment["WAYLAND_DISPLAY"].map { !$0.isEmpty } == true
            return graphical ? "xdg-open" : nil
        #endif
    }

    /// Only https, or http to a loopback host when the policy allows plain http (the same rule as
    /// every other request); anything else (`javascript:`, `file:`, …) is never opened.
    static func isOpenable(_ url: String, allowPlainHTTPToLoopback: Bool) -> Bool {
        guard let target = AuthorizationHosts.target(of: url) else { return false }
        return target.scheme == "https" || (allowPlainHTTPToLoopback && target.isLoopback)
    }

    /// The browser's environment: this process's without mcp-warden's own variables and without
    /// `secretVariables` (those a `--header` value was expanded from). A browser needs none of
    /// them, and it and everything it starts would otherwise hold the vault's passphrase or a
    /// static token (DESIGN.md invariants 2 and 12).
    static func childEnvironment(_ entries: [String], secretVariables: Set<String> = []) -> [String] {
        entries.filter { entry in
            let name = entry.prefix { $0 != "=" }
            return !name.hasPrefix("MCP_WARDEN_") && !secretVariables.contains(String(name))
        }
    }

    /// Starts `program url` with stdin, stdout (it belongs to JSON-RPC) and stderr on /dev/null,
    /// every other descriptor closed, and `childEnvironment`; reaps it in the background. Returns
    /// a reason when it could not be started.
    ///
    /// Descriptors: the TLS sockets to the MCP and authorization servers, curl's socket pairs and
    /// the callback listener are open in other threads, some without `O_CLOEXEC`. "Close every
    /// descriptor from 3" is a spawn action (close_range(2) in the child, after the clone, before
    /// the exec), so none opened by any thread up to the spawn can leak (DESIGN.md invariant 12).
    static func open(_ url: String, program: String, secretVariables: Set<String> = []) -> String? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let closing = cprocess_spawn_closefrom(&actions, 3)
        guard closing == 0 else {
            return "could not start \(program) without handing it mcp-warden's open connections: \(String(cString: strerror(closing)))"
        }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var pid = pid_t()
        let arguments = [program, url]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var inherited: [String] = []
        var entry = environ
        while let pointer = entry.pointee {
            inherited.append(String(cString: pointer))
            entry += 1
        }
        var envp: [UnsafeMutablePointer<CChar>?] = childEnvironment(inherited, secretVariables: secretVariables).map { strdup($0) } + [nil]
        defer { for pointer in envp { free(pointer) } }
        let status = posix_spawnp(&pid, program, &actions, nil, &argv, &envp)
        guard status == 0 else { return "could not start \(program): \(String(cString: strerror(status)))" }
        let child = pid
        _ = DetachedThread.start {
            var ignored: Int32 = 0
            _ = Syscall.retrying { waitpid(child, &ignored, 0) }
        }
        return nil
    }
}
