/// Everything a run would change, per target. Produced by the pure diff engine; rendered by
/// `plan`, executed by `sync`.
public struct SyncPlan: Hashable, Sendable {
    public var targets: [TargetPlan]

    public init(targets: [TargetPlan]) {
        self.targets = targets
    }

    public var isEmpty: Bool {
        targets.allSatisfy { $0.actions.isEmpty }
    }
}
