import DirBridgeCore

extension SnapshotStore {
    /// Reads the records whole, then compares them: for stores that hold them anyway.
    public func compare(
        target: String, into comparison: SnapshotComparison
    ) async throws -> SnapshotComparison {
        var comparison = comparison
        for record in try await records(target: target) {
            comparison.add(record)
        }
        return comparison
    }

    /// One target's plan against what this store holds: every record's hash first, then the
    /// stored payloads of only the users an action is planned for, so a quiet run reads hashes
    /// alone.
    public func plan(
        target: String, vendor: VendorKind, users: PreparedUsers, policy: SyncPolicy
    ) async throws -> TargetPlan {
        var users = users
        if !users.keyCollisions.isEmpty {
            let anchors = Set(users.keyCollisions.flatMap { $0.members.map(users.anchor(at:)) })
            let stored = try await payloads(target: target, anchors: anchors.sorted())
            users = users.rejecting(KeyCollisionRule.rejections(users.keyCollisions, of: users, vendor: vendor, stored: stored))
        }
        let comparison = try await compare(
            target: target, into: SnapshotComparison(users: users, deprovision: policy.deprovision))
        let input = DiffInput(target: target, vendor: vendor, comparison: comparison, policy: policy)
        let needed = DiffEngine.anchorsNeedingPayload(input)
        let payloads = needed.isEmpty ? [:] : try await payloads(target: target, anchors: needed.sorted())
        return DiffEngine.plan(input, storedPayloads: payloads)
    }
}
