import DirBridgeSync
import ArgumentParser
import DirBridgeConfig
import DirBridgeOps
import Dispatcher
import Foundation
import Logging
import SnapshotStore
import ServiceLifecycle

extension DirBridge {
    /// The daemon: sync on a schedule until SIGTERM / SIGINT, never overlapping itself.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Sync on a schedule until stopped (daemon mode).",
            discussion: """
                Runs `sync` every interval (--every 15m) or on a cron expression (--cron "*/15 * * * *"), \
                defaulting to the configuration's `schedule`. Runs never overlap; a failed run does not stop \
                the daemon, and while the directory or a target is down the runs back off. SIGTERM or SIGINT \
                lets the run in progress finish its batches in flight (unsent actions are planned again \
                next time), then exits 0. Daemons sharing a PostgreSQL store are active/standby: while \
                another one holds the store lock, a tick only logs "standby" and the next tick tries again.
                """)

        @OptionGroup var options: ConfigOptions
        @OptionGroup var global: GlobalOptions

        @Option(help: ArgumentHelp("Interval between runs: 90s, 15m, 1h30m.", valueName: "duration"))
        var every: String?

        @Option(help: ArgumentHelp("Cron expression (5 fields) instead of --every.", valueName: "expression"))
        var cron: String?

        @Flag(help: "Evaluate --cron in UTC instead of the local time zone.")
        var utc = false

        @Option(help: ArgumentHelp("Serve Prometheus metrics on this port (/metrics).", valueName: "port"))
        var metricsPort: Int?

        @Option(help: ArgumentHelp("Address for --metrics-port.", valueName: "host"))
        var metricsHost = "127.0.0.1"

        @Option(help: ArgumentHelp("Also write the metrics to this file after each run.", valueName: "path"))
        var metricsTextfile: String?

        func validate() throws {
            if every != nil, cron != nil { throw ValidationError("give either --every or --cron, not both") }
        }

        func run() async throws {
            let logger = global.logger("dirbridge.run")
            let configuration = try options.load()
            let schedule = try schedule(configuration)
            let reconcileEvery: Duration?
            do {
                reconcileEvery = try configuration.configuration.schedule?.reconcileEvery.map(IntervalText.parse)
            } catch {
                throw ValidationError("schedule.reconcile_every: \(error)")
            }
            let metricsExport = MetricsExport.bootstrap()
            let metrics = SyncMetrics()
            let observer = RunObserver(metrics: metrics, showsProgress: false)
            let textfile = metricsTextfile

            let scheduler = ScheduledSyncService(configuration: .init(schedule: schedule), logger: logger) {
                var runLogger = logger
                runLogger[metadataKey: "run_id"] = "\(UUID().uuidString.prefix(8))"
                let started = ContinuousClock.now
                let result = await Self.syncOnce(configuration, reconcileEvery: reconcileEvery, observer: observer, logger: runLogger)
                switch result {
                case .success(let outcome):
                    outcome.record(into: metrics, duration: .now - started)
                case .failure(let error as SnapshotStoreError) where error.code == .locked:
                    break  // a standby tick: no run happened here, so none is counted
                case .failure:
                    metrics.recordRun(outcome: .failed, duration: .now - started)
                }
                if let textfile {
                    do { try metricsExport.writeTextfile(to: textfile) } catch { runLogger.error("metrics textfile: \(error)") }
                }
                return Self.runResult(result, logger: runLogger)
            }
            var services: [any Service] = []
            if let metricsPort {
                services.append(metricsExport.httpServer(host: metricsHost, port: metricsPort, logger: logger))
            }
            services.append(scheduler)
            var group = ServiceGroupConfiguration(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
            // A stop always ends the process, within the 120 s the shipped units allow: a run in
            // flight has 90 s to record its batches, then 20 s once cancelled, or the process
            // stops with a fatal error (an await that never returns, seen once in a PostgreSQL
            // store's standby, held it alive after SIGTERM). Pending marks make any stop safe.
            group.maximumGracefulShutdownDuration = .seconds(90)
            group.maximumCancellationDuration = .seconds(20)
            try await ServiceGroup(configuration: group).run()
            logger.info("stopped")
        }

        private func schedule(_ configuration: LoadedConfiguration) throws -> Schedule {
            if let cron { return try Schedule.cron(cron, timeZone: utc ? .gmt : .current) }
            if let every { return try Schedule.every(every) }
            if let configured = configuration.configuration.schedule {
                if let cron = configured.cron { return try Schedule.cron(cron, timeZone: utc ? .gmt : .current) }
                if let every = configured.every { return try Schedule.every(every) }
            }
            throw ValidationError("no schedule: pass --every or --cron, or set schedule.every / schedule.cron in the configuration")
        }

        /// One sync; a graceful shutdown cancels it, which makes the dispatcher stop starting new
        /// batches while those already sent finish and are recorded.
        private static func syncOnce(
            _ configuration: LoadedConfiguration, reconcileEvery: Duration?, observer: RunObserver, logger: Logger
        ) async -> Result<SyncSession.Outcome, any Error> {
            var session = SyncSession(configuration: configuration, targets: configuration.configuration.targets, logger: logger)
            session.observer = observer
            session.reconcileEvery = reconcileEvery
            do {
                let outcome = try await session.run()
                for result in outcome.reconciled {
                    logger.notice("reconciled: \(result.summary)", metadata: ["target": "\(result.target)"])
                }
                if Task.isCancelled { logger.notice("shutdown requested: the batches in flight were finished and recorded") }
                return .success(outcome)
            } catch {
                return .failure(error)
            }
        }

        private static func runResult(_ result: Result<SyncSession.Outcome, any Error>, logger: Logger) -> RunResult {
            switch result {
            case .success(let outcome):
                let summary = outcome.report.summary.map { ": \($0)" } ?? ""
                switch outcome.status {
                case .allApplied:
                    logger.info("sync finished", metadata: [
                        "users": "\(outcome.usersRead)", "read": "\(outcome.readChangesOnly ? "changes" : "whole directory")",
                    ])
                case .someUsersRejectedOrFailed, .blocked: logger.warning("sync finished with problems\(summary)")
                case .couldNotRun where Task.isCancelled: logger.notice("sync stopped by the shutdown\(summary)")
                case .couldNotRun: logger.error("sync could not complete\(summary)")
                }
                return outcome.status.scheduledRunResult
            case .failure(let error as SnapshotStoreError) where error.code == .locked:
                // Another instance syncs this store (active/standby): the scheduler says so at info.
                return .standby(reason: error.message)
            case .failure(let error) where error is CancellationError || Task.isCancelled:
                logger.notice("sync stopped by the shutdown before it finished: \(error)")
                return .failed(reason: "\(error)", retryable: true)
            case .failure(let error):
                // A directory or store problem: back off and try again on the schedule.
                logger.error("sync could not run: \(error)")
                return .failed(reason: "\(error)", retryable: true)
            }
        }
    }
}
