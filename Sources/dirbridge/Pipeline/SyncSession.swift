import DirBridgeConfig
import DirBridgeCore
import Dispatcher
import Foundation
import Logging
import SnapshotStore

/// One sync of the selected targets, as `sync`, `run` and `demo` perform it: take the store's
/// run lock, read the directory once (all or nothing), then per target resolve pending
/// records, plan and dispatch. A target that cannot be set up is reported and the others go on.
struct SyncSession {
    let configuration: LoadedConfiguration
    let targets: [TargetConfiguration]
    let force: Bool
    let observer: (any DispatchObserver)?
    var showsProgress = false
    /// `sync --plan`: only the reviewed plan's actions that still hold are sent.
    var reviewed: ReviewedPlan?
    let logger: Logger

    struct Outcome {
        var report: SyncReport
        /// Targets that could not be set up (credentials, TLS files…), with the reason.
        var setupFailures: [(target: String, reason: String)]
        var usersRead: Int

        var status: SyncExitStatus {
            setupFailures.isEmpty ? report.status : .couldNotRun
        }
    }

    func run() async throws -> Outcome {
        let lock = try RunLock.acquire(forStoreAt: configuration.storePath)
        defer { lock.release() }
        let store = try SQLiteSnapshotStore(path: configuration.storePath, logger: logger)
        let users = try await DirectoryRead.users(configuration, showsProgress: showsProgress, logger: logger)
        logger.info("read directory", metadata: ["users": "\(users.count)"])

        let planner = PlanBuilder(configuration: configuration, store: store, users: users, logger: logger)
        var jobs: [TargetJob] = []
        var connections: [TargetConnection] = []
        var setupFailures: [(target: String, reason: String)] = []
        for target in targets {
            do {
                let connection = try await TargetConnection(target: target, logger: logger)
                connections.append(connection)
                // Follow-up rounds wait as the retry policy does, so a test config's fast retries settle fast too.
                let options = DispatchOptions(
                    concurrency: target.concurrency, force: force,
                    followUpDelay: .milliseconds(2 * target.retry.baseDelayMilliseconds), adoption: target.adopt)
                let reviewed = reviewed
                jobs.append(TargetJob(connector: connection.connector, options: options) {
                    let fresh = try await planner.plan(target: target)
                    guard let reviewed else { return fresh }
                    let holders = try await store.holders(ofVendorIds: reviewed.adoptedIds(target: target.name), target: target.name)
                    return reviewed.applying(to: fresh, holders: holders)
                })
            } catch {
                logger.error("target cannot run", metadata: ["target": "\(target.name)", "reason": "\(error)"])
                setupFailures.append((target.name, "\(error)"))
            }
        }
        let report = await SyncRun(store: store, observer: observer, logger: logger).run(command: "sync", jobs: jobs)
        for connection in connections {
            await connection.close()
        }
        return Outcome(report: report, setupFailures: setupFailures, usersRead: users.count)
    }
}
