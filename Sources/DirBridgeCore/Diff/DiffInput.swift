/// Everything the diff engine needs for one target. Building it hashes every payload and
/// classifies every anchor once; `DiffEngine.anchorsNeedingPayload` and `DiffEngine.plan`
/// both read that result, so the two-step "load hashes, then only the payloads needed" flow
/// costs one pass.
public struct DiffInput: Sendable {
    public let target: String
    public let vendor: VendorKind
    /// Users the mapping and the vendor schema accepted.
    public let users: [TargetUser]
    /// `payloadHashes[i]` is `users[i].payload.hash`.
    public let payloadHashes: [String]
    /// Users the mapping or schema refused: never actioned, never deprovisioned.
    public let rejections: [Rejection]
    /// The target's stored records; `payload` may be nil (hash-only load).
    public let snapshot: [SnapshotRecord]
    public let policy: SyncPolicy
    let classification: DiffEngine.Classification

    public init(
        target: String, vendor: VendorKind, users: [TargetUser], rejections: [Rejection],
        snapshot: [SnapshotRecord], policy: SyncPolicy
    ) {
        self.init(
            target: target, vendor: vendor, users: users, payloadHashes: users.map { $0.payload.hash },
            rejections: rejections, snapshot: snapshot, policy: policy
        )
    }

    /// From `Mapper.prepare`'s output, reusing the hashes computed while mapping.
    public init(target: String, vendor: VendorKind, prepared: PreparedUsers, snapshot: [SnapshotRecord], policy: SyncPolicy) {
        self.init(
            target: target, vendor: vendor, users: prepared.accepted, payloadHashes: prepared.payloadHashes,
            rejections: prepared.rejections, snapshot: snapshot, policy: policy
        )
    }

    private init(
        target: String, vendor: VendorKind, users: [TargetUser], payloadHashes: [String], rejections: [Rejection],
        snapshot: [SnapshotRecord], policy: SyncPolicy
    ) {
        self.target = target
        self.vendor = vendor
        self.users = users
        self.payloadHashes = payloadHashes
        self.rejections = rejections
        self.snapshot = snapshot
        self.policy = policy
        classification = DiffEngine.classify(
            users: users, payloadHashes: payloadHashes, rejections: rejections, snapshot: snapshot, deprovision: policy.deprovision
        )
    }
}
