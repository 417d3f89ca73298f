/// Everything a run would change, per target. Produced by the pure diff engine; rendered by
/// `plan`, executed by `sync`.
package struct SyncPlan: Hashable, Sendable {
    package var targets: [TargetPlan]

    package init(targets: [TargetPlan]) {
        self.targets = targets
    }

    package var isEmpty: Bool {
        targets.allSatisfy { $0.actions.isEmpty }
    }
}
