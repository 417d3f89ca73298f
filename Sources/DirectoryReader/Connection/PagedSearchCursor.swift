import Synchronization

/// One paged search: where it stands (touched only on the connection's queue), and the pages
/// read ahead of the caller, handed over under a lock so that claiming a page that is ready
/// never waits behind the queue reading the next one.
final class PagedSearchCursor: @unchecked Sendable {
    // @unchecked: the search state is only touched on the connection's queue; `handoff` is a Mutex.
    let request: SearchRequest
    var cookie: [UInt8] = []
    var pendingMessageID: Int32?
    var pagesRead = 0
    var finished = false

    /// Four pages of a thousand users are about two megabytes. Entries with photos or
    /// certificates can be a thousand times larger: beyond `maxBytesAhead` waiting, only one
    /// page is read ahead, as before read-ahead grew.
    static let maxPagesAhead = 4
    static let maxBytesAhead = 16 << 20

    /// A page as read: its entries, nil after the last page, or the failure that ended the search.
    typealias Page = Result<[LDAPEntry]?, any Error>

    private struct Handoff {
        /// Pages read and not yet claimed, oldest first, and the bytes of their values.
        var pages: [Page] = []
        var bytes: [Int] = []
        var waiter: CheckedContinuation<Page, Never>?
        /// A page is being read on the queue.
        var reading = false
        /// The last page (or the failure that ended the search) has been read.
        var ended = false
    }

    private let handoff = Mutex(Handoff())

    init(request: SearchRequest) {
        self.request = request
    }

    /// The next page once read: at once when one waits, nil after the last.
    func claim() async -> Page {
        await withCheckedContinuation { continuation in
            let ready: Page? = handoff.withLock { handoff in
                if !handoff.pages.isEmpty {
                    handoff.bytes.removeFirst()
                    return handoff.pages.removeFirst()
                }
                if handoff.ended { return .success(nil) }
                handoff.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Whether another page should be read now (none being read, room ahead, search not
    /// ended); if so, the caller must read it and hand it over with ``deliver(_:ended:)``.
    func beginReading() -> Bool {
        handoff.withLock { handoff in
            guard !handoff.reading, !handoff.ended, handoff.pages.count < Self.maxPagesAhead,
                  handoff.pages.isEmpty || handoff.bytes.reduce(0, +) < Self.maxBytesAhead else { return false }
            handoff.reading = true
            return true
        }
    }

    /// Hands a page read (or the failure of its read) to the waiting caller, or keeps it.
    func deliver(_ page: Page, ended: Bool) {
        let waiter = handoff.withLock { handoff in
            handoff.reading = false
            handoff.ended = handoff.ended || ended
            guard let waiter = handoff.waiter else {
                handoff.pages.append(page)
                handoff.bytes.append((try? page.get())??.reduce(0) { $0 + $1.bytes.count } ?? 0)
                return nil as CheckedContinuation<Page, Never>?
            }
            handoff.waiter = nil
            return waiter
        }
        waiter?.resume(returning: page)
    }
}
