import DirBridgeCore

/// Plans targets against a store from one directory read.
///
/// Targets are mapped concurrently, each split over `parallelism` parts, but compared with the
/// snapshot one at a time. The comparison holds the target's snapshot records, by far the
/// largest thing a plan needs besides the directory; one target's records at a time keeps a
/// run near the size of the directory plus one snapshot, however many targets there are,
/// while the other targets' mapping keeps the remaining cores busy.
public struct SnapshotPlanner: Sendable {
    public let store: any SnapshotStore
    /// The directory read every target is planned from.
    public let users: [DirectoryUser]
    /// Its anchors and DNs, shared by the snapshot records of every target.
    private let pool: StringPool
    private let parallelism: Int
    private let mapping = PlanningSlots(1)
    private let comparison = PlanningSlots(2)

    public init(store: any SnapshotStore, users: [DirectoryUser], parallelism: Int) {
        self.store = store
        self.users = users
        self.parallelism = max(1, parallelism)
        pool = StringPool(anchorsAndDNsOf: users)
    }

    public func plan(target: String, vendor: VendorKind, mapping: Mapping, policy: SyncPolicy) async throws -> TargetPlan {
        let prepared = try await self.mapping.withSlot {
            await Mapper(mapping: mapping).prepare(users, schema: .builtIn(vendor), parts: parallelism)
        }
        return try await comparison.withSlot {
            try await store.plan(target: target, vendor: vendor, users: prepared, policy: policy, sharing: pool)
        }
    }
}
