import DirBridgeConfig
import DirBridgeCore
import Foundation
import Logging
import SnapshotStore

/// Turns one directory read into a plan for the selected targets, as configured: map, validate
/// and hash per target, compare with the snapshot (hashes first, stored payloads only for
/// changed users). See `SnapshotPlanner` for how targets share the cores and the memory.
package struct PlanBuilder {
    package let configuration: LoadedConfiguration
    package let logger: Logger
    private let planner: SnapshotPlanner

    /// - Parameters:
    ///   - unreadable: the read's entries that could not be read as users, held back at every target.
    ///   - delta: set when `users` are only the changed users of a delta read.
    ///   - remembersMappings: whether the store's mapping memo is updated (a sync, not a preview).
    package init(
        configuration: LoadedConfiguration, store: any SnapshotStore, users: [DirectoryUser], unreadable: [UnreadableEntry] = [],
        delta: DeltaScope? = nil, remembersMappings: Bool = false, logger: Logger
    ) {
        self.configuration = configuration
        self.logger = logger
        planner = SnapshotPlanner(
            store: store, users: users, unreadable: unreadable, delta: delta, remembersMappings: remembersMappings,
            parallelism: ProcessInfo.processInfo.activeProcessorCount)
    }

    package func plan(targets: [TargetConfiguration]) async throws -> SyncPlan {
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

    package func plan(target: TargetConfiguration) async throws -> TargetPlan {
        guard let mapping = configuration.mappings[target.name] else {
            preconditionFailure("ConfigurationFile.load maps every target")
        }
        let plan = try await planner.plan(
            target: target.name, vendor: target.vendor, mapping: mapping, policy: configuration.policy(for: target))
        logger.info(
            "planned target",
            metadata: [
                "target": "\(target.name)", "create": "\(plan.summary.creates)", "adopt": "\(plan.summary.adopts)", "update": "\(plan.summary.updates)",
                "reimport": "\(plan.summary.reimports)", "disable": "\(plan.summary.disables)",
                "rejected": "\(plan.summary.rejected)",
            ])
        return plan
    }
}
