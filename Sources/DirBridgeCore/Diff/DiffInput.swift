/// Everything the diff engine needs for one target. Building it classifies every anchor once;
/// `DiffEngine.anchorsNeedingPayload` and `DiffEngine.plan` both read that result, so the
/// two-step "load hashes, then only the payloads needed" flow costs one pass.
public struct DiffInput: Sendable {
    public let target: String
    public let vendor: VendorKind
    /// Users the mapping and the vendor schema accepted, with their payload hashes, and the
    /// users they refused (never actioned, never deprovisioned).
    public let users: PreparedUsers
    /// The target's stored records; `payload` may be nil (hash-only load).
    public let snapshot: [SnapshotRecord]
    public let policy: SyncPolicy
    let classification: DiffEngine.Classification

    /// From `Mapper.prepare`'s output, reusing the hashes computed while mapping.
    public init(target: String, vendor: VendorKind, prepared: PreparedUsers, snapshot: [SnapshotRecord], policy: SyncPolicy) {
        self.target = target
        self.vendor = vendor
        users = prepared
        self.snapshot = snapshot
        self.policy = policy
        classification = DiffEngine.classify(users: prepared, snapshot: snapshot, deprovision: policy.deprovision)
    }

    /// From users mapped one by one (`Mapper.map`), validated by the caller.
    public init(
        target: String, vendor: VendorKind, users: [TargetUser], rejections: [Rejection],
        snapshot: [SnapshotRecord], policy: SyncPolicy
    ) {
        self.init(
            target: target, vendor: vendor, prepared: PreparedUsers(accepted: users, rejections: rejections),
            snapshot: snapshot, policy: policy)
    }

    public var rejections: [Rejection] { users.rejections }
}
