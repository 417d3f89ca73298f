/// Everything the diff engine needs for one target, with each mapped user's payload hash
/// computed once (the hash is the expensive part and both `anchorsNeedingPayload` and `plan`
/// use it).
public struct DiffInput: Sendable {
    public var target: String
    public var vendor: VendorKind
    /// Users the mapping and the vendor schema accepted.
    public private(set) var users: [TargetUser]
    /// `payloadHashes[i]` is `users[i].payload.hash`.
    public private(set) var payloadHashes: [String]
    /// Users the mapping or schema refused: never actioned, never deprovisioned.
    public var rejections: [Rejection]
    /// The target's stored records; `payload` may be nil (hash-only load).
    public var snapshot: [SnapshotRecord]
    public var policy: SyncPolicy

    public init(
        target: String, vendor: VendorKind, users: [TargetUser], rejections: [Rejection],
        snapshot: [SnapshotRecord], policy: SyncPolicy
    ) {
        self.target = target
        self.vendor = vendor
        self.users = users
        self.payloadHashes = users.map { $0.payload.hash }
        self.rejections = rejections
        self.snapshot = snapshot
        self.policy = policy
    }
}
