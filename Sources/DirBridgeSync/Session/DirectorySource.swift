import DirBridgeCore
import DirBridgeOps

/// Where a session's users come from: the whole directory, or nothing (a failed read is never
/// taken for a directory of leavers). ``LDAPDirectorySource`` reads the configured directory; a
/// fixed list (``InMemoryDirectorySource``) runs the pipeline in process.
package protocol DirectorySource: Sendable {
    /// Every user, once the whole read succeeded; `onPage` hears each page's size as it arrives.
    func users(onPage: (Int) -> Void) async throws -> [DirectoryUser]
}

extension DirectorySource {
    /// Every user, with a progress line while they arrive when `showingProgress` (a terminal).
    package func users(showingProgress: Bool) async throws -> [DirectoryUser] {
        let progress = ProgressReporter(label: "read users", total: nil, enabled: showingProgress)
        let users = try await users { progress.advance(by: $0) }
        progress.finish()
        return users
    }
}

/// A directory given as a list: for running the whole pipeline in process.
package struct InMemoryDirectorySource: DirectorySource {
    package var directoryUsers: [DirectoryUser]

    package init(users: [DirectoryUser]) {
        directoryUsers = users
    }

    package func users(onPage: (Int) -> Void) async throws -> [DirectoryUser] {
        onPage(directoryUsers.count)
        return directoryUsers
    }
}
