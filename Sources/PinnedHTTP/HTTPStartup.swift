import CCurl
import COpenSSL
import Dispatch
import Synchronization

/// The network stack's one-time start-up, moved off the path to the first request: loading
/// libcurl and its dependencies (Sources/CCurl/curl_loader.c), `curl_global_init` (which loads
/// OpenSSL's configuration) and OpenSSL's algorithm tables (`cossl_warm_up`). `begin()` runs it
/// on threads of their own at process start, while the main thread parses the command line; a
/// first engine that comes sooner waits for libcurl (the same once-only initialisers).
///
/// Nothing is skipped or weakened: the same library calls run, earlier and in parallel.
public enum HTTPStartup {
    /// One signal per finished thread.
    private static let done = DispatchSemaphore(value: 0)
    /// How many threads `begin()` started (nil: not begun).
    private static let threads = Mutex<Int?>(nil)

    /// Starts the work on two threads of its own (once; later calls do nothing): one loads
    /// libcurl and runs `curl_global_init`, the other fills OpenSSL's tables (libssl and
    /// libcrypto are loaded with the program). Without threads, each piece happens when first
    /// needed, as before.
    public static func begin() {
        let first = threads.withLock { threads in
            defer { threads = threads ?? 0 }
            return threads == nil
        }
        guard first else { return }
        var started = 0
        for work in [{ CurlGlobal.initialize() }, { cossl_warm_up() }] as [@Sendable () -> Void] {
            if DetachedThread.start({ work(); done.signal() }) { started += 1 }
        }
        threads.withLock { $0 = started }
    }

    /// Waits until `begin()`'s work is over; at once when it never began. Call it before the
    /// process exits: OpenSSL's exit handler must not free its tables under those threads.
    public static func finish() {
        let count = threads.withLock { threads -> Int in
            defer { threads = 0 }
            return threads ?? 0
        }
        for _ in 0 ..< count { done.wait() }
    }

    /// Why libcurl cannot be used in this process (it is not installed, or not the OpenSSL
    /// build), or nil when it is loaded.
    public static var unavailableReason: String? {
        ccurl_load_error().map { String(cString: $0) }
    }
}
