import DirBridgeCore
import SnapshotStore

/// Plans targets against a store from one directory read.
///
/// One target is mapped at a time, split over `parallelism` parts so that every core takes a
/// share; its snapshot comparison (records streamed from the store, only those with an action
/// kept) then runs beside the next target's mapping, up to `parallelism` comparisons at once.
/// A run thus holds the directory, the targets' payload hashes and their changes, never a
/// whole snapshot.
package struct SnapshotPlanner: Sendable {
    package let store: any SnapshotStore
    /// The directory read every target is planned from: every user, or with `delta` those that changed.
    package let users: [DirectoryUser]
    /// Set when `users` are only the changed users of a delta read.
    package let delta: DeltaScope?
    /// Entries of the read that could not be read as users: held back at every target.
    package let unreadable: [UnreadableEntry]
    /// Whether what was mapped is written to the store's `MappingMemo` (a sync does; a preview
    /// only reads it).
    private let remembersMappings: Bool
    /// The digests a full read's users are matched against the memo with, computed once for
    /// every target (a delta maps only the changed users: it needs no memo).
    private let digests: Task<DirectoryDigests, Never>?
    private let parallelism: Int
    private let mappingSlot = PlanningSlots(1)
    private let comparisonSlots: PlanningSlots

    package init(
        store: any SnapshotStore, users: [DirectoryUser], unreadable: [UnreadableEntry] = [], delta: DeltaScope? = nil,
        remembersMappings: Bool = false, parallelism: Int
    ) {
        self.store = store
        self.users = users
        self.unreadable = unreadable
        self.delta = delta
        self.remembersMappings = remembersMappings
        self.parallelism = max(1, parallelism)
        digests = delta == nil ? Task { [parallelism = self.parallelism] in await DirectoryDigests(users, parts: parallelism) } : nil
        comparisonSlots = PlanningSlots(self.parallelism)
    }

    package func plan(target: String, vendor: VendorKind, mapping: Mapping, policy: SyncPolicy) async throws -> TargetPlan {
        let prepared = try await mappingSlot.withSlot {
            // Recalled in the slot, so that one memo at a time is held (~45 bytes per user).
            var memo: MappingMemo?
            if let digests {
                let fingerprint = MappingMemo.fingerprint(
                    of: mapping, revision: ConfigurationFingerprint.planningRevision + " " + BuildIdentity.current)
                memo = try await store.recallMappings(
                    target: target, into: MappingMemo(fingerprint: fingerprint, directory: await digests.value))
            }
            let (prepared, update) = await Mapper(mapping: mapping).prepare(
                users, schema: .builtIn(vendor), parts: parallelism, memo: memo)
            if remembersMappings, let update {
                try await store.rememberMappings(update, target: target)
            }
            return prepared
        }
        return try await comparisonSlots.withSlot {
            try await diff(target: target, vendor: vendor, users: prepared, policy: policy)
        }
    }

    /// One target's plan against what the store holds: every record's hash first, then the
    /// stored payloads of only the users an action is planned for, so a quiet run reads hashes
    /// alone.
    private func diff(
        target: String, vendor: VendorKind, users: PreparedUsers, policy: SyncPolicy
    ) async throws -> TargetPlan {
        var users = users.holdingBack(unreadable)
        if !users.keyCollisions.isEmpty {
            let anchors = Set(users.keyCollisions.flatMap { $0.members.map(users.anchor(at:)) })
            let stored = try await store.payloads(target: target, anchors: anchors.sorted())
            users = users.rejecting(KeyCollisionRule.rejections(users.keyCollisions, of: users, vendor: vendor, stored: stored))
        }
        let comparison: SnapshotComparison
        if let delta {
            var changes = SnapshotComparison(users: users, deprovision: policy.deprovision)
            changes.comparingChanges()
            let anchors = Set(self.users.map(\.anchor)).union(delta.deleted).sorted()
            for record in try await store.records(target: target, anchors: anchors) {
                changes.add(record)
            }
            // Counting every record costs a scan: only the safety limits of a plan that disables need it.
            if changes.plansDisables {
                changes.countManagedRecords(try await store.managedRecordCount(target: target))
            }
            comparison = changes
        } else {
            comparison = try await store.compare(
                target: target, into: SnapshotComparison(users: users, deprovision: policy.deprovision))
        }
        let input = DiffInput(target: target, vendor: vendor, comparison: comparison, policy: policy)
        let needed = DiffEngine.anchorsNeedingPayload(input)
        let payloads = needed.isEmpty ? [:] : try await store.payloads(target: target, anchors: needed.sorted())
        return try await HeldKeyCheck.applied(
            to: DiffEngine.plan(input, storedPayloads: payloads), schema: .builtIn(vendor), deprovision: policy.deprovision,
            stored: payloads, store: store)
    }
}
