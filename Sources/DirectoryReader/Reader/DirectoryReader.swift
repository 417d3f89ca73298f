import DirBridgeCore
import Logging

/// Reads every user of a directory, with anchor, enabled state, attributes and nested groups.
///
/// All or nothing: any failure (bind, a page, a range step, the group read, an entry that
/// cannot be converted) ends the read with an `LDAPError`; a partial directory is never
/// returned as if it were complete.
package struct DirectoryReader: Sendable {
    package let settings: DirectorySourceSettings
    let logger: Logger

    package init(settings: DirectorySourceSettings, logger: Logger) {
        self.settings = settings
        self.logger = logger
    }

    /// Users page by page, as the server sends them. Pages are pulled on demand: one converted
    /// page is held at a time, and at most four more are read ahead of it (one when they hold
    /// more than 16 MiB of values: photos, certificates).
    package func pages() -> DirectoryUserPages {
        DirectoryUserPages(settings: settings, logger: logger)
    }

    /// Every user, and the entries that could not be read as users, after the whole read
    /// succeeded. `onPage` hears each page's size as it arrives (progress display).
    package func readAll(onPage: (Int) -> Void = { _ in }) async throws -> DirectoryRead {
        let (users, report) = try await readWithReport(onPage: onPage)
        return DirectoryRead(users: users, unreadable: report.unreadable)
    }

    /// Every user, and what the read noticed beyond them (``DirectoryReadReport``); with
    /// `capturingSyncCookie`, the server's synchronisation cookie taken first
    /// (`report.syncCookie`), so that the next run can read only what changed.
    package func readWithReport(
        capturingSyncCookie: Bool = false, onPage: (Int) -> Void = { _ in }
    ) async throws -> (users: [DirectoryUser], report: DirectoryReadReport) {
        let session = ReadSession(settings: settings, logger: logger, capturesSyncCookie: capturingSyncCookie)
        var users: [DirectoryUser] = []
        while let page = try await session.nextPage() {
            users.append(contentsOf: page)
            onPage(page.count)
        }
        return (users, session.report ?? DirectoryReadReport(groupBaseDN: settings.groupBaseDN ?? settings.baseDN))
    }

    /// Connects and binds as a read would and reports the TLS negotiated (nil in clear text).
    package func negotiatedTLS() async throws -> TLSSessionSummary? {
        let connection = try await LDAPConnection.connect(settings: settings, logger: logger)
        let session: TLSSessionSummary?
        do {
            session = try await connection.negotiatedTLS()
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return session
    }
}

/// The users of one read, one page at a time. Each iteration opens its own connection.
package struct DirectoryUserPages: AsyncSequence {
    package typealias Element = [DirectoryUser]
    let settings: DirectorySourceSettings
    let logger: Logger

    package func makeAsyncIterator() -> Iterator {
        Iterator(session: ReadSession(settings: settings, logger: logger))
    }

    package struct Iterator: AsyncIteratorProtocol {
        let session: ReadSession

        package mutating func next() async throws -> [DirectoryUser]? {
            try await session.nextPage()
        }
    }
}
