import Foundation
import Logging
import SnapshotStore

/// Runs several targets concurrently, each independent of the others (one failing target does
/// not stop the rest), with a run-journal entry around them.
///
/// Each target's batches are bounded by its own ``DispatchOptions/concurrency``; targets run
/// side by side, so at most the sum of those is in flight. Cancelling the calling task stops new
/// batches everywhere, lets in-flight ones finish and be recorded, and still closes the journal.
package struct SyncRun: Sendable {
    package let store: any SnapshotStore
    package let observer: (any DispatchObserver)?
    package let logger: Logger
    package let now: @Sendable () -> Date

    package init(
        store: any SnapshotStore, observer: (any DispatchObserver)? = nil, logger: Logger,
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.store = store
        self.observer = observer
        self.logger = logger
        self.now = now
    }

    /// Runs one `turn` per target, concurrently, under a journal entry for `command` (e.g. "sync",
    /// "run"); each turn drives the ``Dispatcher`` through its steps. Never throws: every failure
    /// is in the report, whose ``SyncReport/status`` gives the exit code.
    package func dispatchTargets<Target: Sendable>(
        command: String, targets: [Target], turn: @escaping @Sendable (Target, Dispatcher) async -> TargetDispatchReport
    ) async -> SyncReport {
        let clock = ContinuousClock()
        let start = clock.now
        let runID: RunID
        do {
            runID = try await store.beginRun(command: command, startedAt: now())
        } catch {
            // A store that cannot write the journal cannot record outcomes either: send nothing.
            // A shutdown landing while the journal opens stops the run the same way, but it is
            // what the operator asked for, not a fault.
            if error is CancellationError || Task.isCancelled {
                logger.notice("Shutdown before the run journal was opened; nothing sent")
            } else {
                logger.error("Could not open the run journal; nothing sent", metadata: ["error": "\(error)"])
            }
            return SyncReport(
                run: nil, targets: [], journalError: "opening the run journal failed, nothing was sent: \(error)",
                duration: clock.now - start)
        }

        let dispatcher = Dispatcher(store: store, observer: observer, logger: logger)
        let reports = await withTaskGroup(of: (Int, TargetDispatchReport).self) { group in
            for (index, target) in targets.enumerated() {
                group.addTask { (index, await turn(target, dispatcher)) }
            }
            var reports = [TargetDispatchReport?](repeating: nil, count: targets.count)
            for await (index, report) in group {
                reports[index] = report
            }
            return reports.compactMap { $0 }
        }

        var report = SyncReport(run: runID, targets: reports, journalError: nil, duration: .zero)
        let status = report.status
        do {
            // Unstructured: a cancelled run must still close its journal entry.
            let store = store
            let summary = report.summary
            let finishedAt = now()
            try await Task {
                try await store.finishRun(
                    runID, finishedAt: finishedAt, outcome: status.runOutcome, message: summary,
                    counts: reports.map(\.runCounts))
            }.value
        } catch {
            logger.error("Could not close the run journal", metadata: ["run": "\(runID)", "error": "\(error)"])
            report.journalError = "closing the run journal failed: \(error)"
        }
        report.duration = clock.now - start
        logger.info(
            "Sync run finished",
            metadata: ["run": "\(runID)", "status": "\(report.status)", "exitCode": "\(report.status.exitCode)"])
        return report
    }
}
