// SPDX-FileCopyrightText: 2026 The mcp-warden authors
// SPDX-License-Identifier: Apache-2.0

import CCurl
import Synchronization

/// Spare libcurl easy handles of one engine. A finished transfer's handle is reset
/// (`curl_easy_reset`: every option back to its default, nothing of the last request kept) and
/// kept for the next transfer, which sets all its options again: creating and destroying a
/// handle per message cost more than resetting one (issue 15, measured with callgrind).
final class EasyHandlePool: Sendable {
    static let capacity = 16

    private struct Handles: @unchecked Sendable {
        var spare: [UnsafeMutableRawPointer] = []
    }

    private let handles = Mutex(Handles())

    /// A handle with default options, or nil when libcurl cannot make one.
    func take() -> UnsafeMutableRawPointer? {
        if let easy = handles.withLock({ $0.spare.popLast() }) { return easy }
        return curl_easy_init()
    }

    /// Takes back a handle that is in no multi handle any more.
    func give(_ easy: UnsafeMutableRawPointer) {
        curl_easy_reset(easy)
        let kept = handles.withLock { handles -> Bool in
            guard handles.spare.count < Self.capacity else { return false }
            handles.spare.append(easy)
            return true
        }
        if !kept { curl_easy_cleanup(easy) }
    }
}
