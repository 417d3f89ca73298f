import DirBridgeCore
import DirBridgeOps
import DirectoryReader

/// Where a session's users come from: the whole directory, or nothing (a failed read is never
/// taken for a directory of leavers). ``LDAPDirectorySource`` reads the configured directory; a
/// fixed list (``InMemoryDirectorySource``) runs the pipeline in process.
package protocol DirectorySource: Sendable {
    /// Every user, and the entries that could not be read as users, once the whole read
    /// succeeded; `onPage` hears each page's size as it arrives.
    func users(onPage: (Int) -> Void) async throws -> DirectoryRead

    /// Names the directory for its delta cursor; nil when this source is always read whole.
    var deltaSource: String? { get }

    /// Every user, with what the next delta read continues from (nil: it cannot).
    func usersForDelta(onPage: (Int) -> Void) async throws -> (users: [DirectoryUser], report: DirectoryReadReport?)

    /// The users that changed since `cookie`, the `revisit` users read again, and the users a
    /// change of the groups since `groups` reaches.
    ///
    /// - Throws: ``DeltaReadUnavailable`` when only a whole read tells the truth.
    func changes(since cookie: [UInt8], revisit: [Anchor], groups: GroupBaseline) async throws -> DirectoryChanges
}

extension DirectorySource {
    package var deltaSource: String? { nil }

    package func usersForDelta(onPage: (Int) -> Void) async throws -> (users: [DirectoryUser], report: DirectoryReadReport?) {
        let read = try await users(onPage: onPage)
        var report = DirectoryReadReport(groupBaseDN: "")
        report.unreadable = read.unreadable
        return (read.users, read.unreadable.isEmpty ? nil : report)
    }

    package func changes(since cookie: [UInt8], revisit: [Anchor], groups: GroupBaseline) async throws -> DirectoryChanges {
        throw DeltaReadUnavailable(reason: "this directory source is always read whole")
    }
}

extension DirectorySource {
    /// Every user, with a progress line while they arrive when `showingProgress` (a terminal).
    package func users(showingProgress: Bool) async throws -> DirectoryRead {
        try await withReadProgress(showingProgress) { try await users(onPage: $0) }
    }

    /// `usersForDelta`, with the progress line of `users(showingProgress:)`.
    func usersForDelta(showingProgress: Bool) async throws -> (users: [DirectoryUser], report: DirectoryReadReport?) {
        try await withReadProgress(showingProgress) { try await usersForDelta(onPage: $0) }
    }

    private func withReadProgress<T>(_ showing: Bool, _ read: ((Int) -> Void) async throws -> T) async throws -> T {
        let progress = ProgressReporter(label: "read users", total: nil, enabled: showing)
        let result = try await read { progress.advance(by: $0) }
        progress.finish()
        return result
    }
}

/// A directory given as a list: for running the whole pipeline in process.
package struct InMemoryDirectorySource: DirectorySource {
    package var directoryUsers: [DirectoryUser]

    package init(users: [DirectoryUser]) {
        directoryUsers = users
    }

    package func users(onPage: (Int) -> Void) async throws -> DirectoryRead {
        onPage(directoryUsers.count)
        return DirectoryRead(users: directoryUsers)
    }
}
