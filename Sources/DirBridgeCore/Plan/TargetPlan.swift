/// The actions and rejections for one target, in deterministic order (kind, then anchor).
public struct TargetPlan: Hashable, Sendable {
    public var target: String
    public var vendor: VendorKind
    public var actions: [SyncAction]
    public var rejected: [Rejection]
    /// Set when the safety policy refuses the plan; `sync` sends nothing unless forced.
    public var blockedReason: String?
    /// Whether `sync --force` may send the plan although it is blocked. Not for an empty
    /// directory read: nothing in such a plan is worth sending, and forcing must not make
    /// the run look applied.
    public var forceOverridesBlock: Bool
    /// Accounts at the vendor that no directory user owns (the match report lists them where the
    /// vendor can list its users).
    public var unmanaged: [UnmanagedAccount] = []

    public init(
        target: String, vendor: VendorKind, actions: [SyncAction], rejected: [Rejection], blockedReason: String?,
        forceOverridesBlock: Bool = true
    ) {
        self.target = target
        self.vendor = vendor
        self.actions = actions
        self.rejected = rejected
        self.blockedReason = blockedReason
        self.forceOverridesBlock = forceOverridesBlock
    }

    public var isBlocked: Bool { blockedReason != nil }

    public func count(of kind: ActionKind) -> Int {
        actions.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) }
    }
}
