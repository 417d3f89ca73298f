import DirBridgeCore

extension SnapshotStore {
    /// One target's plan against what this store holds: every record's hash first, then the
    /// stored payloads of only the users an action is planned for, so a quiet run reads hashes
    /// alone.
    public func plan(target: String, vendor: VendorKind, users: PreparedUsers, policy: SyncPolicy) async throws -> TargetPlan {
        let input = DiffInput(
            target: target, vendor: vendor, prepared: users, snapshot: try await records(target: target), policy: policy)
        let needed = DiffEngine.anchorsNeedingPayload(input)
        let payloads = needed.isEmpty ? [:] : try await payloads(target: target, anchors: needed.sorted())
        return DiffEngine.plan(input, storedPayloads: payloads)
    }
}
