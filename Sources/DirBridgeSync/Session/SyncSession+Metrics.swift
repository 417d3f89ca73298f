import DirBridgeOps
import Dispatcher
import Foundation

extension SyncSession.Outcome {
    /// Records the run in the metrics: users read, retries, per-target last success, the run.
    package func record(into metrics: SyncMetrics, duration: Duration, finishedAt: Date = Date()) {
        metrics.recordUsersRead(usersRead)
        for target in report.targets {
            for _ in 0..<target.retried { metrics.recordRetry(target: target.target) }
            if target.error == nil, target.isComplete { metrics.recordTargetSuccess(target: target.target, at: finishedAt) }
        }
        metrics.recordRun(outcome: status.metricsOutcome, duration: duration, finishedAt: finishedAt)
    }
}
