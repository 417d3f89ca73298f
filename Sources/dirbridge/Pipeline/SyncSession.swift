import Connectors
import DirBridgeConfig
import DirBridgeCore
import DirectoryReader
import Dispatcher
import Foundation
import HTTPTransport
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
        let users = try await DirectoryReader(settings: configuration.configuration.source, logger: logger).readAll()
        logger.info("read directory", metadata: ["users": "\(users.count)"])

        let planner = PlanBuilder(configuration: configuration, store: store, logger: logger)
        var jobs: [TargetJob] = []
        var clients: [CurlHTTPClient] = []
        var setupFailures: [(target: String, reason: String)] = []
        for target in targets {
            do {
                let settings = try target.connectorSettings()
                let client = try CurlHTTPClient(settings: target.httpClientSettings, logger: logger)
                clients.append(client)
                var targetLogger = logger
                targetLogger[metadataKey: "target"] = "\(target.name)"
                let connector = try makeConnector(for: settings, httpClient: client, logger: targetLogger)
                jobs.append(TargetJob(connector: connector, options: DispatchOptions(concurrency: target.concurrency, force: force)) {
                    try await planner.plan(users: users, target: target)
                })
            } catch {
                logger.error("target cannot run", metadata: ["target": "\(target.name)", "reason": "\(error)"])
                setupFailures.append((target.name, "\(error)"))
            }
        }
        let report = await SyncRun(store: store, observer: observer, logger: logger).run(command: "sync", jobs: jobs)
        for client in clients {
            await client.shutdown()
        }
        return Outcome(report: report, setupFailures: setupFailures, usersRead: users.count)
    }
}
