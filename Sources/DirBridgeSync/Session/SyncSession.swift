import DirBridgeConfig
import DirBridgeCore
import Dispatcher
import Foundation
import Logging
import SnapshotStore
import Synchronization

/// One sync of the selected targets, as `sync`, `run`, `reconcile` and `demo` perform it: take
/// the store's run lock, read the directory once (all or nothing), then per target, concurrently:
/// settle what earlier runs left pending, plan from the store as it then stands, send, record.
/// A target that cannot be set up is reported and the others go on.
///
/// Its three seams — ``DirectorySource``, ``SessionStore`` and ``ConnectorProvider`` — default
/// to the configured directory, store file and vendors; in-memory ones run it in process.
package struct SyncSession: Sendable {
    package var configuration: LoadedConfiguration
    package var targets: [TargetConfiguration]
    package var directory: any DirectorySource
    package var store: SessionStore
    package var connectors: any ConnectorProvider
    /// Send plans the safety limits blocked (`--force`).
    package var force = false
    package var observer: (any DispatchObserver)?
    package var showsProgress = false
    /// `sync --plan`: only the reviewed plan's actions that still hold are sent.
    package var reviewed: ReviewedPlan?
    /// `reconcile`: every managed user is checked at the vendor and the repairs join the plan.
    package var reconciles = false
    /// The daemon's `schedule.reconcile_every`: the run reconciles when the last reconcile that
    /// went through started longer ago than this (or none ever did).
    package var reconcileEvery: Duration?
    /// `sync --full-read`: read the whole directory even when a delta read could follow.
    package var readsWhole = false
    package var logger: Logger

    package init(configuration: LoadedConfiguration, targets: [TargetConfiguration], logger: Logger) {
        self.configuration = configuration
        self.targets = targets
        directory = LDAPDirectorySource(configuration: configuration, logger: logger)
        store = .configured(configuration.store)
        connectors = CurlConnectorProvider()
        self.logger = logger
    }

    package struct Outcome: Sendable {
        package var report: SyncReport
        /// Targets that could not be set up (credentials, TLS files…), with the reason.
        package var setupFailures: [(target: String, reason: String)]
        package var usersRead: Int
        /// Whether only the users that changed since the last complete run were read.
        package var readChangesOnly = false
        /// What `reconcile` checked and repaired, per target it reached.
        package var reconciled: [Reconciler.Result] = []

        package var status: SyncExitStatus {
            setupFailures.isEmpty ? report.status : .couldNotRun
        }
    }

    package func run() async throws -> Outcome {
        let (store, lock) = try await self.store.open(logger: logger)
        // Released before returning or throwing: a `defer` cannot wait for a PostgreSQL session to close.
        do {
            let outcome = try await run(on: store)
            await lock?.release()
            return outcome
        } catch {
            await lock?.release()
            throw error
        }
    }

    private func run(on store: any SnapshotStore) async throws -> Outcome {
        guard !reconciles, reviewed == nil, let every = reconcileEvery else { return try await sync(on: store) }
        let last = try await store.lastCompletedRun(command: "reconcile")
        guard last.map({ Date().timeIntervalSince($0) >= Double(every.components.seconds) }) ?? true else {
            return try await sync(on: store)
        }
        logger.notice("reconcile due: every managed user and leaver is checked at the vendors this run", metadata: [
            "last": "\(last.map { "\($0.formatted(.iso8601))" } ?? "never")",
        ])
        var session = self
        session.reconciles = true
        return try await session.sync(on: store)
    }

    private func sync(on store: any SnapshotStore) async throws -> Outcome {
        let read = try await SessionRead.read(for: self, store: store)
        let users = read.users
        logger.info("read directory", metadata: ["users": "\(users.count)", "mode": "\(read.delta == nil ? "whole" : "changes")"])

        let planner = PlanBuilder(
            configuration: configuration, store: store, users: users, unreadable: read.unreadable, delta: read.delta,
            remembersMappings: true, logger: logger)
        var connected: [(target: TargetConfiguration, connection: TargetConnection)] = []
        var setupFailures: [(target: String, reason: String)] = []
        for target in targets {
            do {
                connected.append((target, try await connectors.connect(target, logger: logger)))
            } catch {
                logger.error("target cannot run", metadata: ["target": "\(target.name)", "reason": "\(error)"])
                setupFailures.append((target.name, "\(error)"))
            }
        }
        let (force, reviewed, reconciles, logger) = (force, reviewed, reconciles, logger)
        let reconciled = Mutex<[String: Reconciler.Result]>([:])
        let completion = Mutex(TargetCompletion())
        let report = await SyncRun(store: store, observer: observer, logger: logger).dispatchTargets(command: reconciles ? "reconcile" : "sync", targets: connected) {
            entry, dispatcher in
            let (target, connector) = (entry.target, entry.connection.connector)
            // Follow-up rounds wait as the retry policy does, so a test config's fast retries settle fast too.
            let options = DispatchOptions(
                // The window bounds the requests; the batches only need to fill the widest one.
                concurrency: DispatchOptions.batchesToFill(
                    window: target.maxConcurrency, requestsPerBatch: connector.requestsPerBatch),
                force: force,
                followUpDelay: .milliseconds(2 * target.retry.baseDelayMilliseconds), adoption: target.adopt)
            return await dispatcher.withTarget(connector) { (report: inout TargetDispatchReport) async throws(DispatchError) in
                try await dispatcher.resolvePending(through: connector, options: options, into: &report)
                var plan: TargetPlan
                do {
                    plan = try await Self.plan(target, planner: planner, reviewed: reviewed, store: store)
                } catch {
                    throw DispatchError(code: .planFailed, target: target.name, message: "planning failed: \(error)")
                }
                if reviewed == nil, connector.matchField != nil, plan.actions.contains(where: { $0.kind == .create }) {
                    // On a target synced before, creates are new hires: looked up first, so that a
                    // vendor that upserts cannot hand one an account the plan never showed. A first
                    // sync leaves that to `plan`'s match report and the vendor's "exists" answers,
                    // unless `adopt: never` forbids what an upsert would do.
                    do {
                        let syncedBefore = try await store.hasRecords(target: target.name)
                        if syncedBefore || target.adopt == .never {
                            plan = try await AccountMatcher(store: store, logger: logger).match(plan, through: connector, adoption: target.adopt).0
                        }
                    } catch {
                        throw DispatchError(code: .planFailed, target: target.name, message: "matching planned creates failed: \(error)")
                    }
                }
                if reconciles {
                    let result: Reconciler.Result
                    do {
                        result = try await Reconciler(store: store, logger: logger).repairs(target: target, connector: connector)
                    } catch {
                        throw DispatchError(code: .planFailed, target: target.name, message: "reconcile lookups failed: \(error)")
                    }
                    reconciled.withLock { $0[target.name] = result }
                    plan.addRepairs(result.repairs)
                }
                try await dispatcher.send(plan, through: connector, options: options, into: &report)
                // Actions a cancelled run never started are marked nowhere: only a full plan
                // would find them again, so the cursor must not move past them.
                if !report.cancelled, report.notSent == 0 {
                    // An entry without an anchor cannot be asked for by one: a full read finds him.
                    completion.withLock { $0.completed(target.name, rejected: plan.rejected.map(\.anchor).filter { !$0.value.isEmpty }) }
                }
            }
        }
        for (_, connection) in connected {
            await connection.close()
        }
        if var next = read.nextCursor {
            let completed = completion.withLock { $0 }
            if setupFailures.isEmpty, completed.covers(configuration.configuration.targets) {
                next.revisit = completed.rejected.sorted()
                do {
                    let stored = try await store.directoryGroupDigests(source: next.source)
                    let changed = Set(read.groups.digests.filter { stored[$0.key] != $0.value }.keys)
                    try await store.saveDirectoryCursor(
                        next, groups: DirectoryGroupChanges(from: stored, digests: read.groups.digests, states: read.groups.states(changed)))
                } catch {
                    logger.error(
                        "saving the delta cursor failed: the next run reads the changes since the previous one again",
                        metadata: ["reason": "\(error)"])
                }
            } else {
                logger.info("the delta cursor stays where it was: not every configured target completed this run")
            }
        }
        let results = reconciled.withLock { $0 }
        return Outcome(
            report: report, setupFailures: setupFailures, usersRead: users.count, readChangesOnly: read.delta != nil,
            reconciled: targets.compactMap { results[$0.name] })
    }

    /// The target's plan from the store as it stands after pending records were settled; with a
    /// reviewed plan, only its actions that still hold.
    private static func plan(
        _ target: TargetConfiguration, planner: PlanBuilder, reviewed: ReviewedPlan?, store: any SnapshotStore
    ) async throws -> TargetPlan {
        let fresh = try await planner.plan(target: target)
        guard let reviewed else { return fresh }
        let holders = try await store.holders(ofVendorIds: reviewed.adoptedIds(target: target.name), target: target.name)
        return reviewed.applying(to: fresh, holders: holders)
    }
}
