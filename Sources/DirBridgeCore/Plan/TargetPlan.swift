/// The actions and rejections for one target, in deterministic order (kind, then anchor).
package struct TargetPlan: Hashable, Sendable {
    package var target: String
    package var vendor: VendorKind
    package var actions: [SyncAction]
    package var rejected: [Rejection]
    /// Set when the safety policy refuses the plan; `sync` sends nothing unless forced.
    package var blockedReason: String?
    /// Whether `sync --force` may send the plan although it is blocked. Not for an empty
    /// directory read: nothing in such a plan is worth sending, and forcing must not make
    /// the run look applied.
    package var forceOverridesBlock: Bool
    /// Accounts at the vendor that no directory user owns (the match report lists them where the
    /// vendor can list its users).
    package var unmanaged: [UnmanagedAccount] = []

    package init(
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

    package var isBlocked: Bool { blockedReason != nil }

    package func count(of kind: ActionKind) -> Int {
        actions.reduce(0) { $0 + ($1.kind == kind ? 1 : 0) }
    }
}
