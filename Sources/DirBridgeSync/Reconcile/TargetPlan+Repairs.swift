import DirBridgeCore

extension TargetPlan {
    /// Adds reconcile's repairs for the users this plan has no action for: a directory change
    /// already planned for a user carries his full payload and wins.
    mutating func addRepairs(_ repairs: [SyncAction]) {
        let planned = Set(actions.map(\.anchor))
        actions += repairs.filter { !planned.contains($0.anchor) }
    }
}
