import SnapshotStore

/// What a sync run did, per target, and how it ended.
package struct SyncReport: Hashable, Sendable {
    /// The journal entry, when it could be opened.
    package var run: RunID?
    /// In the order the jobs were given.
    package var targets: [TargetDispatchReport]
    /// Why the journal could not be opened or closed; the run then counts as not run.
    package var journalError: String?
    package var duration: Duration

    package init(run: RunID?, targets: [TargetDispatchReport], journalError: String?, duration: Duration) {
        self.run = run
        self.targets = targets
        self.journalError = journalError
        self.duration = duration
    }

    /// The worst status of any target; ``SyncExitStatus/couldNotRun`` when the journal failed.
    package var status: SyncExitStatus {
        if journalError != nil { return .couldNotRun }
        return targets.map(SyncExitStatus.init).max() ?? .allApplied
    }

    /// One line per target that did not fully apply, for the journal and the log.
    package var summary: String? {
        var lines = targets.compactMap { report -> String? in
            if let error = report.error { return error.description }
            guard !report.isComplete else { return nil }
            var parts: [String] = []
            if !report.rejected.isEmpty { parts.append("\(report.rejected.count) rejected") }
            if !report.failed.isEmpty { parts.append("\(report.failed.count) failed") }
            if !report.unknown.isEmpty { parts.append("\(report.unknown.count) unknown (left pending)") }
            if report.notSent > 0 { parts.append("\(report.notSent) not sent (cancelled)") }
            return "target \(report.target): " + parts.joined(separator: ", ")
        }
        if let journalError { lines.insert(journalError, at: 0) }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }
}
