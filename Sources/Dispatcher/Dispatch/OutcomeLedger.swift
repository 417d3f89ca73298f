import DirBridgeCore

/// The last word on each user of one target's dispatch, across its follow-up rounds: a create
/// whose answer was lost and that a lookup then found is reported once, as the create it was.
///
/// Only users whose outcome was open at some point are held here; a final outcome of anyone else
/// goes straight into the report, so a first sync of 100,000 users keeps no line per user.
struct OutcomeLedger {
    private struct Line {
        /// The action the plan made for the user (follow-ups may send another kind).
        var planned: ActionKind
        var result: DispatchResult
        var issue: UserIssue?
        /// Already told to the observer (progress and metrics count each user once).
        var observed: Bool
    }

    private var order: [Anchor] = []
    private var lines: [Anchor: Line] = [:]

    /// One entry of a round; `observedAll` says whether the observer saw its open outcome too.
    mutating func record(_ entry: BatchSettlement.Entry, observedAll: Bool, into report: inout TargetDispatchReport) {
        let anchor = entry.action.anchor
        guard let previous = lines[anchor] else {
            guard entry.needsFollowUp else {
                Self.count(entry.action.kind, entry.result, entry.issue, into: &report)
                return
            }
            order.append(anchor)
            lines[anchor] = Line(planned: entry.action.kind, result: entry.result, issue: entry.issue, observed: observedAll)
            return
        }
        lines[anchor] = Line(
            planned: previous.planned, result: entry.result, issue: entry.issue, observed: observedAll || !entry.needsFollowUp)
    }

    /// The vendor answered that an account with this user's key exists: once that account is
    /// taken over, the user counts as adopted, not created.
    mutating func markAdopting(_ anchor: Anchor) {
        guard var line = lines[anchor], line.planned == .create else { return }
        line.planned = .adopt
        lines[anchor] = line
    }

    /// What a resolution settled without sending: accounts owned by someone else, lookups that failed.
    mutating func settle(rejected: [UserIssue], held: [UserIssue]) {
        for (issues, result) in [(rejected, DispatchResult.rejected), (held, .unknown)] {
            for issue in issues {
                guard var line = lines[issue.anchor] else { continue }
                line.result = result
                line.issue = issue
                line.observed = false
                lines[issue.anchor] = line
            }
        }
    }

    /// Adds the final result of every user that was open to `report` and tells the observer what
    /// it has not seen.
    func finish(into report: inout TargetDispatchReport, observer: (any DispatchObserver)?, target: String) {
        for anchor in order {
            guard let line = lines[anchor] else { continue }
            Self.count(line.planned, line.result, line.issue, into: &report)
            if !line.observed { observer?.didRecord(target: target, action: line.planned, result: line.result) }
        }
    }

    private static func count(_ kind: ActionKind, _ result: DispatchResult, _ issue: UserIssue?, into report: inout TargetDispatchReport) {
        switch result {
        case .applied: report.succeeded[kind, default: 0] += 1
        case .rejected: report.rejected += issue.map { [$0] } ?? []
        case .failed: report.failed += issue.map { [$0] } ?? []
        case .unknown: report.unknown += issue.map { [$0] } ?? []
        }
    }
}
