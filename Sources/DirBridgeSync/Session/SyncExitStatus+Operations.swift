import DirBridgeOps
import Dispatcher

/// A run's one status, as the operations side sees it: the exit code, the journal's outcome
/// (``SyncExitStatus/runOutcome``), the metrics label and the scheduler's next step all come
/// from it, so they can never disagree.
extension SyncExitStatus {
    /// The `dirbridge_runs_total{outcome}` label.
    package var metricsOutcome: SyncMetrics.RunOutcome {
        switch self {
        case .allApplied: .succeeded
        case .blocked: .blocked
        case .someUsersRejectedOrFailed, .couldNotRun: .failed
        }
    }

    /// What `run` tells its scheduler: a run that could not complete (a target or the store
    /// down) backs off; users needing attention or a blocked plan keep the normal schedule.
    package var scheduledRunResult: RunResult {
        switch self {
        case .allApplied: .succeeded
        case .someUsersRejectedOrFailed, .blocked: .failed(reason: "\(self)", retryable: false)
        case .couldNotRun: .failed(reason: "\(self)", retryable: true)
        }
    }
}
