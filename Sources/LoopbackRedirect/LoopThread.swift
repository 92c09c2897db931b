import Glibc

/// Starts a detached POSIX thread for the serve loop: a blocking poll() must not occupy one of
/// the few threads of Swift's cooperative pool. (Foundation's `Thread` is avoided: it pulls in
/// all of swift-corelibs-foundation.)
enum LoopThread {
    private final class Entry: @unchecked Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    /// False when the thread could not be created; `body` then never runs.
    static func start(_ body: @escaping @Sendable () -> Void) -> Bool {
        let entry = Unmanaged.passRetained(Entry(body))
        var thread = pthread_t()
        let created = pthread_create(&thread, nil, { context in
            let entry = Unmanaged<Entry>.fromOpaque(context!).takeRetainedValue()
            entry.body()
            return nil
        }, entry.toOpaque())
        guard created == 0 else {
            entry.release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
