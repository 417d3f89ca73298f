import Foundation

/// One run as the journal remembers it.
public struct RunSummary: Hashable, Sendable {
    public var id: RunID
    public var command: String
    public var startedAt: Date
    /// `nil` while the run goes on, or forever when it died (crash, kill) before finishing.
    public var finishedAt: Date?
    public var outcome: RunOutcome?
    public var message: String?
    /// Per target, ordered by target name.
    public var counts: [TargetRunCounts]

    public init(
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
