import DirBridgeConfig
import DirBridgeCore
import Foundation
import Logging
import SnapshotStore

/// Turns one directory read into a plan for the selected targets: map, validate and hash per
/// target, compare with the snapshot (hashes first, stored payloads only for changed users).
/// Targets are independent, so they are planned concurrently, but no more at once than there
/// are cores: planning is CPU-bound, and each target in flight holds its snapshot and hashes,
/// so more would only cost memory.
struct PlanBuilder {
    let configuration: LoadedConfiguration
    let store: any SnapshotStore
    let logger: Logger
    /// The directory read every target is planned from.
    let users: [DirectoryUser]
    /// Its anchors and DNs, shared by the snapshot records of every target.
    private let pool: StringPool
    private let slots = PlanningSlots(ProcessInfo.processInfo.activeProcessorCount)

    init(configuration: LoadedConfiguration, store: any SnapshotStore, users: [DirectoryUser], logger: Logger) {
        self.configuration = configuration
        self.store = store
        self.users = users
        self.logger = logger
        pool = StringPool(anchorsAndDNsOf: users)
    }

    func plan(targets: [TargetConfiguration]) async throws -> SyncPlan {
        let plans = try await withThrowingTaskGroup(of: (Int, TargetPlan).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask { (index, try await plan(target: target)) }
            }
            var plans = [TargetPlan?](repeating: nil, count: targets.count)
            for try await (index, plan) in group {
                plans[index] = plan
            }
            return plans.compactMap { $0 }
        }
        return SyncPlan(targets: plans)
    }

    func plan(target: TargetConfiguration) async throws -> TargetPlan {
        guard let mapping = configuration.mappings[target.name] else {
            preconditionFailure("ConfigurationFile.load maps every target")
        }
        let plan = try await slots.withSlot {
            // Split too: with more targets than cores, the last one would otherwise run alone.
            let prepared = await Mapper(mapping: mapping).prepare(
                users, schema: .builtIn(target.vendor), parts: ProcessInfo.processInfo.activeProcessorCount)
            return try await store.plan(
                target: target.name, vendor: target.vendor, users: prepared, policy: configuration.policy(for: target),
                sharing: pool)
        }
        logger.info(
            "planned target",
            metadata: [
                "target": "\(target.name)", "create": "\(plan.summary.creates)", "update": "\(plan.summary.updates)",
                "reimport": "\(plan.summary.reimports)", "disable": "\(plan.summary.disables)",
                "rejected": "\(plan.summary.rejected)",
            ])
        return plan
    }
}
