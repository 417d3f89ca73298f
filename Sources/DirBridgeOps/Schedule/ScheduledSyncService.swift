import Foundation
import Logging
import ServiceLifecycle

/// Runs a sync on a ``Schedule`` until the ServiceGroup shuts down (`dirbridge run`).
///
/// Runs never overlap: the next one starts only after the previous returned, and fires missed
/// while a run overran are skipped, not queued. A failed run does not stop the service; retryable
/// failures space the following runs out per ``BackoffPolicy``. On graceful shutdown the wait is
/// cut short, and a run in flight is cancelled (ServiceLifecycle's `cancelWhenGracefulShutdown`):
/// a sync stops starting batches, finishes and records those in flight, and then `run()` returns.
package struct ScheduledSyncService: Service {
    /// One sync run; cancelled on graceful shutdown, it should stop starting work and return.
    package typealias Job = @Sendable () async -> RunResult

    package struct Configuration: Sendable {
        package var schedule: Schedule
        /// Run once immediately at start instead of waiting for the first fire (default true).
        package var runAtStart: Bool
        package var backoff: BackoffPolicy

        package init(schedule: Schedule, runAtStart: Bool = true, backoff: BackoffPolicy = .standard) {
            self.schedule = schedule
            self.runAtStart = runAtStart
            self.backoff = backoff
        }
    }

    private let configuration: Configuration
    private let logger: Logger
    private let clock: any SchedulerClock
    private let job: Job

    package init(
        configuration: Configuration, logger: Logger, clock: any SchedulerClock = SystemSchedulerClock(),
        runOnce: @escaping Job
    ) {
        self.configuration = configuration
        self.logger = logger
        self.clock = clock
        self.job = runOnce
    }

    package func run() async throws {
        var planner = RunPlanner(schedule: configuration.schedule, backoff: configuration.backoff)
        var fireDate = planner.first(now: clock.now(), runAtStart: configuration.runAtStart)
        logger.info("scheduler started", metadata: ["schedule": "\(configuration.schedule)"])
        while let due = fireDate {
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(until: due) }
            } catch {
                // Shutdown or cancellation during the wait: nothing is in flight.
                break
            }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }

            let started = clock.now()
            logger.info("scheduled run starting")
            let result = await cancelWhenGracefulShutdown { await job() }
            let finished = clock.now()
            let decision = planner.next(after: result, previousFire: due, finishedAt: finished)
            let shuttingDown = Task.isShuttingDownGracefully || Task.isCancelled
            log(result, runtime: finished.timeIntervalSince(started), decision: decision, failures: planner.consecutiveFailures,
                stoppedByShutdown: shuttingDown)
            if shuttingDown { break }
            fireDate = decision.fireDate
        }
        logger.info("scheduler stopped")
    }

    private func log(
        _ result: RunResult, runtime: TimeInterval, decision: RunPlanner.Decision, failures: Int, stoppedByShutdown: Bool
    ) {
        var metadata: Logger.Metadata = [
            "runtime_s": "\(String(format: "%.3f", runtime))",
            "next_run": "\(decision.fireDate.map { $0.formatted(.iso8601) } ?? "never")",
        ]
        if decision.skippedFires > 0 { metadata["skipped_fires"] = "\(decision.skippedFires)" }
        switch result {
        case .succeeded:
            logger.info("scheduled run succeeded", metadata: metadata)
        case .failed(let reason, _) where stoppedByShutdown:
            // The shutdown cancelled the run (a daemon stopped or redeployed): asked for, not a fault.
            metadata["reason"] = "\(reason)"
            logger.notice("scheduled run stopped by the shutdown", metadata: metadata)
        case .failed(let reason, let retryable):
            metadata["reason"] = "\(reason)"
            metadata["retryable"] = "\(retryable)"
            metadata["consecutive_failures"] = "\(failures)"
            if decision.backoff > .zero { metadata["backoff_s"] = "\(decision.backoff.timeInterval)" }
            logger.error("scheduled run failed", metadata: metadata)
        case .standby(let reason):
            logger.info("standby: \(reason)", metadata: metadata)
        }
    }
}
