import Glibc
import PinnedHTTP

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
        guard let target = RequestTarget(url), url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return false }
        return target.scheme == "https" || (allowPlainHTTPToLoopback && target.isLoopback)
    }

    /// Starts `program url` with stdin and stdout on /dev/null (stdout belongs to JSON-RPC) and
    /// reaps it in the background. Returns a reason when it could not be started.
    static func open(_ url: String, program: String, keepStderr: Bool) -> String? {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        if !keepStderr { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        var pid = pid_t()
        let arguments = [program, url]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let status = posix_spawnp(&pid, program, &actions, nil, &argv, environ)
        guard status == 0 else { return "could not start \(program): \(String(cString: strerror(status)))" }
        let child = pid
        _ = DetachedThread.start {
            var ignored: Int32 = 0
            while waitpid(child, &ignored, 0) == -1 && errno == EINTR {}
        }
        return nil
    }
}
