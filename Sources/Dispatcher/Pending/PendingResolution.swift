/// How a target's pending records (sends with an unknown outcome) were resolved before planning.
public struct PendingResolution: Hashable, Sendable {
    /// The vendor holds the user: its id is stored and the action is re-planned against it
    /// (never as a create).
    public var found = 0
    /// The vendor does not hold the user: the action is recorded as not applied and re-planned.
    public var notFound = 0
    /// The vendor has no lookup and its import is idempotent: left pending, the diff re-sends it.
    public var unsupported = 0
    /// Not resolved because a lookup failed; they stay pending and the target sent nothing.
    public var unresolved = 0

    public init(found: Int = 0, notFound: Int = 0, unsupported: Int = 0, unresolved: Int = 0) {
        self.found = found
        self.notFound = notFound
        self.unsupported = unsupported
        self.unresolved = unresolved
    }

    public var total: Int { found + notFound + unsupported + unresolved }
}
