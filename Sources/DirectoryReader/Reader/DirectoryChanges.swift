import DirBridgeCore

/// The users that changed since a synchronisation cookie, as a delta read returns them.
package struct DirectoryChanges: Sendable {
    /// Users added or modified since the cookie, and the users asked for again (`revisit`) that
    /// the directory still holds, each read whole with its groups.
    package var changed: [DirectoryUser]
    /// Users deleted, moved out of the search, or asked for again and not found.
    package var deleted: Set<Anchor>
    /// Where the next delta continues; nil when the server sent none (nothing changed since).
    package var cookie: [UInt8]?
    /// The group structure this read saw (groups are read whole every time).
    package var report: DirectoryReadReport

    package init(changed: [DirectoryUser], deleted: Set<Anchor>, cookie: [UInt8]?, report: DirectoryReadReport) {
        self.changed = changed
        self.deleted = deleted
        self.cookie = cookie
        self.report = report
    }
}

/// Why a delta read could not be used; the caller reads the whole directory instead.
package struct DeltaReadUnavailable: Error, Sendable, CustomStringConvertible {
    package var reason: String

    package init(reason: String) {
        self.reason = reason
    }

    package var description: String { reason }
}
