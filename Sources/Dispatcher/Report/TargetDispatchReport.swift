import DirBridgeCore
import SnapshotStore

/// What one target's dispatch did, for the run summary, the journal and the exit status.
package struct TargetDispatchReport: Hashable, Sendable {
    package var target: String
    package var vendor: VendorKind
    /// How pending records from earlier runs were resolved before planning (zero when not run).
    package var resolution = PendingResolution()
    /// Actions planned (before any was sent).
    package var planned = 0
    /// Actions handed to the connector.
    package var sent = 0
    /// Applied actions, by kind.
    package var succeeded: [ActionKind: Int] = [:]
    /// Users refused by the vendor, and users the plan rejected (mapping or schema).
    package var rejected: [UserIssue] = []
    /// Actions known not applied (including those the policy skipped); retried next run.
    package var failed: [UserIssue] = []
    /// Actions whose outcome is unknown; left `pending` and resolved by the next run.
    package var unknown: [UserIssue] = []
    /// Actions never started because the run was cancelled or sending stopped; nothing was
    /// marked for them, so the next plan contains them again.
    package var notSent = 0
    /// The run was cancelled while this target was sending.
    package var cancelled = false
    /// HTTP requests the connector repeated during this dispatch.
    package var retried = 0
    package var duration: Duration = .zero
    /// Set when the target could not run, or stopped sending (store failure).
    package var error: DispatchError?

    package init(target: String, vendor: VendorKind) {
        self.target = target
        self.vendor = vendor
    }

    package var succeededCount: Int { succeeded.values.reduce(0, +) }

    /// Every planned action was applied, no user was rejected and nothing is left over.
    package var isComplete: Bool {
        error == nil && rejected.isEmpty && failed.isEmpty && unknown.isEmpty && notSent == 0
    }

    /// The per-target counts the run journal stores. `failed` includes unknown outcomes: neither
    /// is confirmed at the vendor.
    package var runCounts: TargetRunCounts {
        TargetRunCounts(
            target: target, created: succeeded[.create, default: 0], adopted: succeeded[.adopt, default: 0],
            updated: succeeded[.update, default: 0],
            reimported: succeeded[.reimport, default: 0], disabled: succeeded[.disable, default: 0],
            rejected: rejected.count, failed: failed.count + unknown.count)
    }
}
