import DirBridgeCore

/// Plans targets against a store from one directory read.
///
/// One target is mapped at a time, split over `parallelism` parts so that every core takes a
/// share; its snapshot comparison (records streamed from the store, only those with an action
/// kept) then runs beside the next target's mapping, up to `parallelism` comparisons at once.
/// A run thus holds the directory, the targets' payload hashes and their changes, never a
/// whole snapshot.
public struct SnapshotPlanner: Sendable {
    public let store: any SnapshotStore
    /// The directory read every target is planned from.
    public let users: [DirectoryUser]
    private let parallelism: Int
    private let mappingSlot = PlanningSlots(1)
    private let comparisonSlots: PlanningSlots

    public init(store: any SnapshotStore, users: [DirectoryUser], parallelism: Int) {
        self.store = store
        self.users = users
        self.parallelism = max(1, parallelism)
        comparisonSlots = PlanningSlots(self.parallelism)
    }

    public func plan(target: String, vendor: VendorKind, mapping: Mapping, policy: SyncPolicy) async throws -> TargetPlan {
        let prepared = try await mappingSlot.withSlot {
            await Mapper(mapping: mapping).prepare(users, schema: .builtIn(vendor), parts: parallelism)
        }
        return try await comparisonSlots.withSlot {
            try await store.plan(target: target, vendor: vendor, users: prepared, policy: policy)
        }
    }
}
