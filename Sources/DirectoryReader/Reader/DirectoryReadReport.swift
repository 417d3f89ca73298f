import DirBridgeCore

/// What a complete read noticed beyond the users: for `dirbridge check`, and the next delta read.
package struct DirectoryReadReport: Sendable, Equatable {
    /// Where groups were searched.
    package var groupBaseDN: String
    /// Groups named by users' `memberOf` that the group search did not return (outside the
    /// group base or filter): memberships in them, and their nesting, are ignored.
    package var unresolvedMemberOf: [String]
    /// Every group as read: what the next delta read compares group changes with.
    package var groups: GroupSnapshot
    /// Digest of every group and its members as read.
    package var groupFingerprint: String { groups.fingerprint }
    /// Where a delta read can continue from, taken before the users were read (so nothing
    /// changed during the read is missed); nil when the server tracks no changes for dirbridge.
    package var syncCookie: [UInt8]?
    /// Why no cookie was taken, when one was asked for: no change tracking the server offers, or
    /// an anchor that delta reads cannot follow.
    package var deltaUnavailableReason: String?
    /// The earliest account expiry still ahead among the users read (seconds since 1970): no
    /// change is written when it passes, so a delta read after it would not see that user.
    package var nextAccountExpiry: Int64?
    /// Entries that could not be read as users: each is held back, never taken for a leaver.
    package var unreadable: [UnreadableEntry] = []

    package init(
        groupBaseDN: String, unresolvedMemberOf: [String] = [], groups: GroupSnapshot = .empty, syncCookie: [UInt8]? = nil
    ) {
        self.groupBaseDN = groupBaseDN
        self.unresolvedMemberOf = unresolvedMemberOf
        self.groups = groups
        self.syncCookie = syncCookie
    }
}
