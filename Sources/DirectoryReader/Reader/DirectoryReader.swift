import DirBridgeCore
import Logging

/// Reads every user of a directory, with anchor, enabled state, attributes and nested groups.
///
/// All or nothing: any failure (bind, a page, a range step, the group read, an entry that
/// cannot be converted) ends the read with an `LDAPError`; a partial directory is never
/// returned as if it were complete.
public struct DirectoryReader: Sendable {
    public let settings: DirectorySourceSettings
    let logger: Logger

    public init(settings: DirectorySourceSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Users page by page, as the server sends them. Pages are pulled on demand, so at most one
    /// converted page and one page in flight are held at a time.
    public func pages() -> DirectoryUserPages {
        DirectoryUserPages(settings: settings, logger: logger)
    }

    /// Every user, after the whole read succeeded. `onPage` hears each page's size as it
    /// arrives (progress display).
    public func readAll(onPage: (Int) -> Void = { _ in }) async throws -> [DirectoryUser] {
        var users: [DirectoryUser] = []
        for try await page in pages() {
            users.append(contentsOf: page)
            onPage(page.count)
        }
        return users
    }
}

/// The users of one read, one page at a time. Each iteration opens its own connection.
public struct DirectoryUserPages: AsyncSequence {
    public typealias Element = [DirectoryUser]
    let settings: DirectorySourceSettings
    let logger: Logger

    public func makeAsyncIterator() -> Iterator {
        Iterator(session: ReadSession(settings: settings, logger: logger))
    }

    public struct Iterator: AsyncIteratorProtocol {
        let session: ReadSession

        public mutating func next() async throws -> [DirectoryUser]? {
            try await session.nextPage()
        }
    }
}
