import Foundation

/// One run as the journal remembers it.
package struct RunSummary: Hashable, Sendable {
    package var id: RunID
    package var command: String
    package var startedAt: Date
    /// `nil` while the run goes on, or forever when it died (crash, kill) before finishing.
    package var finishedAt: Date?
    package var outcome: RunOutcome?
    package var message: String?
    /// Per target, ordered by target name.
    package var counts: [TargetRunCounts]

    package init(
        id: RunID, command: String, startedAt: Date, finishedAt: Date?, outcome: RunOutcome?, message: String?,
        counts: [TargetRunCounts]
    ) {
        self.id = id
        self.command = command
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.message = message
        self.counts = counts
    }
}
