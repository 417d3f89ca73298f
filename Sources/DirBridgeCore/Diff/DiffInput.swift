/// Everything the diff engine needs for one target, with the snapshot already compared:
/// `DiffEngine.anchorsNeedingPayload` and `DiffEngine.plan` both read that result, so the
/// two-step "load hashes, then only the payloads needed" flow costs one pass.
package struct DiffInput: Sendable {
    package let target: String
    package let vendor: VendorKind
    /// Users the mapping and the vendor schema accepted, with their payload hashes, and the
    /// users they refused (never actioned, never deprovisioned).
    package let users: PreparedUsers
    package let policy: SyncPolicy
    let comparison: SnapshotComparison

    /// From a comparison the snapshot's records were streamed into.
    package init(target: String, vendor: VendorKind, comparison: SnapshotComparison, policy: SyncPolicy) {
        self.target = target
        self.vendor = vendor
        users = comparison.users
        self.policy = policy
        var comparison = comparison
        comparison.finish()
        self.comparison = comparison
    }

    /// From `Mapper.prepare`'s output and the target's records (`payload` may be nil: a
    /// hash-only load).
    package init(target: String, vendor: VendorKind, prepared: PreparedUsers, snapshot: [SnapshotRecord], policy: SyncPolicy) {
        var comparison = SnapshotComparison(users: prepared, deprovision: policy.deprovision)
        for record in snapshot {
            comparison.add(record)
        }
        self.init(target: target, vendor: vendor, comparison: comparison, policy: policy)
    }

    /// From users mapped one by one (`Mapper.map`), validated by the caller.
    package init(
        target: String, vendor: VendorKind, users: [TargetUser], rejections: [Rejection],
        snapshot: [SnapshotRecord], policy: SyncPolicy
    ) {
        self.init(
            target: target, vendor: vendor, prepared: PreparedUsers(accepted: users, rejections: rejections),
            snapshot: snapshot, policy: policy)
    }

    package var rejections: [Rejection] { users.rejections }
}
