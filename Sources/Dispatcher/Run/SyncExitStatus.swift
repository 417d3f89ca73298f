import SnapshotStore

/// How a sync run ended, for the process exit code and the run journal. Ordered by severity:
/// a run takes the worst of its targets.
package enum SyncExitStatus: Int, Hashable, Sendable, Comparable, CaseIterable {
    /// Every planned action was applied and no user was rejected. Exit code 0.
    case allApplied
    /// Every target ran, but some users were rejected (plan or vendor), failed, or have an
    /// unknown outcome (left pending). Exit code 2: the data needs attention, the sync works.
    case someUsersRejectedOrFailed
    /// The safety policy blocked a target's plan (nothing sent there) and `--force` was not
    /// given. Exit code 3: a human must review the plan.
    case blocked
    /// A target could not run or stopped early (connection, credentials or a target the vendor
    /// refuses, planning, store write, cancellation), or the journal could not be written.
    /// Exit code 1.
    case couldNotRun

    package static func < (lhs: SyncExitStatus, rhs: SyncExitStatus) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The process exit code: 0 applied, 2 users rejected or failed, 3 blocked, 1 could not run.
    package var exitCode: Int32 {
        switch self {
        case .allApplied: 0
        case .someUsersRejectedOrFailed: 2
        case .blocked: 3
        case .couldNotRun: 1
        }
    }

    /// What the run journal stores.
    package var runOutcome: RunOutcome {
        switch self {
        case .allApplied: .succeeded
        case .someUsersRejectedOrFailed: .completedWithFailures
        case .blocked: .blocked
        case .couldNotRun: .aborted
        }
    }

    /// The status of one target's report.
    package init(_ report: TargetDispatchReport) {
        if let error = report.error {
            self = error.code == .blocked ? .blocked : .couldNotRun
        } else if report.cancelled && report.notSent > 0 {
            self = .couldNotRun
        } else if !report.isComplete {
            self = .someUsersRejectedOrFailed
        } else {
            self = .allApplied
        }
    }
}
