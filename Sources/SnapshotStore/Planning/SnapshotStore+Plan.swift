import DirBridgeCore

extension SnapshotStore {
    /// Every record of `target`, ordered by anchor, without payloads.
    public func records(target: String) async throws -> [SnapshotRecord] {
        try await records(target: target, sharing: .empty)
    }

    /// One target's plan against what this store holds: every record's hash first, then the
    /// stored payloads of only the users an action is planned for, so a quiet run reads hashes
    /// alone. `pool` holds the directory's anchors and DNs (see ``StringPool``).
    public func plan(
        target: String, vendor: VendorKind, users: PreparedUsers, policy: SyncPolicy, sharing pool: StringPool
    ) async throws -> TargetPlan {
        let snapshot = try await records(target: target, sharing: pool)
        let input = DiffInput(target: target, vendor: vendor, prepared: users, snapshot: snapshot, policy: policy)
        let needed = DiffEngine.anchorsNeedingPayload(input)
        let payloads = needed.isEmpty ? [:] : try await payloads(target: target, anchors: needed.sorted())
        return DiffEngine.plan(input, storedPayloads: payloads)
    }
}
