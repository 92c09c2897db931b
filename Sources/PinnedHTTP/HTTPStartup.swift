import CCurl
import COpenSSL
import Dispatch
import Synchronization

/// The network stack's one-time start-up, moved off the path to the first request: loading
/// libcurl and its dependencies (Sources/CCurl/curl_loader.c), `curl_global_init` (which loads
/// OpenSSL's configuration) and OpenSSL's algorithm tables (`cossl_warm_up`). `begin()` runs it
/// on a thread of its own at process start, while the command line is parsed; a first engine
/// that comes sooner waits for libcurl (the same once-only initialisers).
///
/// Nothing is skipped or weakened: the same library calls run, earlier and in parallel.
public enum HTTPStartup {
    private static let done = DispatchSemaphore(value: 0)
    /// Whether `begin()` started its thread (nil: not begun).
    private static let started = Mutex<Bool?>(nil)

    /// Starts the work on a thread of its own (once; later calls do nothing): libcurl first
    /// (an engine needs it first), then OpenSSL's tables. One thread, not two: with two cores,
    /// a third runnable thread slowed the parsing more than it won (interleaved starts).
    /// Without the thread, each piece happens when first needed, as before.
    public static func begin() {
        let first = started.withLock { started in
            defer { started = started ?? false }
            return started == nil
        }
        guard first else { return }
        let running = DetachedThread.start {
            CurlGlobal.initialize()
            cossl_warm_up()
            done.signal()
        }
        started.withLock { $0 = running }
    }

    /// Waits until `begin()`'s work is over; at once when it never began. Call it before the
    /// process exits: OpenSSL's exit handler must not free its tables under that thread.
    public static func finish() {
        let running = started.withLock { started -> Bool in
            defer { started = false }
            return started ?? false
        }
        if running { done.wait() }
    }

    /// Why libcurl cannot be used in this process (it is not installed, or not the OpenSSL
    /// build), or nil when it is loaded.
    public static var unavailableReason: String? {
        ccurl_load_error().map { String(cString: $0) }
    }
}
