import DirBridgeCore

/// How a target's pending records (sends with an unknown outcome) were resolved.
package struct PendingResolution: Hashable, Sendable {
    /// The vendor holds the user: its id is stored and the action is re-planned against it
    /// (never as a create).
    package var found = 0
    /// The vendor does not hold the user: the action is recorded as not applied and re-planned.
    package var notFound = 0
    /// The vendor has no lookup and its import is safe to repeat: left pending, sent again.
    package var unsupported = 0
    /// Not resolved because a lookup failed: these users stay pending and are held back.
    package var unresolved = 0
    /// The account found belongs to another directory user: not adopted, the user is rejected.
    package var ownedByOthers = 0

    /// The users left pending because their lookup failed: only their own actions are held back.
    package var held: [UserIssue] = []
    /// The users whose account belongs to someone else.
    package var rejected: [UserIssue] = []
    /// What to send next for the resolved users: a found create as an update of the account it
    /// created, anything not applied as it was. Only follow-up rounds within a run send these;
    /// at the start of a run the plan contains them.
    package var next: [SyncAction] = []

    package init(found: Int = 0, notFound: Int = 0, unsupported: Int = 0, unresolved: Int = 0, ownedByOthers: Int = 0) {
        self.found = found
        self.notFound = notFound
        self.unsupported = unsupported
        self.unresolved = unresolved
        self.ownedByOthers = ownedByOthers
    }

    package var total: Int { found + notFound + unsupported + unresolved + ownedByOthers }

    /// The counts of both resolutions, and their users.
    mutating func add(_ other: PendingResolution) {
        found += other.found
        notFound += other.notFound
        unsupported += other.unsupported
        unresolved += other.unresolved
        ownedByOthers += other.ownedByOthers
        held += other.held
        rejected += other.rejected
        next += other.next
    }

    /// The counts alone, for comparing in tests and summaries.
    package var counts: PendingResolution {
        PendingResolution(
            found: found, notFound: notFound, unsupported: unsupported, unresolved: unresolved,
            ownedByOthers: ownedByOthers)
    }
}
