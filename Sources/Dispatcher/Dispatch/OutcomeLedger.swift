import DirBridgeCore

/// The last word on each user of one target's dispatch, across its follow-up rounds: a create
/// whose answer was lost and that a lookup then found is reported once, as the create it was.
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

    /// The entries of one round; `observed` says whether the observer saw their open outcomes too.
    mutating func record(_ entries: [BatchSettlement.Entry], observedAll: Bool) {
        for entry in entries {
            let anchor = entry.action.anchor
            let planned = lines[anchor]?.planned ?? entry.action.kind
            if lines[anchor] == nil { order.append(anchor) }
            lines[anchor] = Line(
                planned: planned, result: entry.result, issue: entry.issue, observed: observedAll || !entry.needsFollowUp)
        }
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

    /// Adds every user's final result to `report` and tells the observer what it has not seen.
    func finish(into report: inout TargetDispatchReport, observer: (any DispatchObserver)?, target: String) {
        for anchor in order {
            guard let line = lines[anchor] else { continue }
            switch line.result {
            case .applied: report.succeeded[line.planned, default: 0] += 1
            case .rejected: report.rejected += line.issue.map { [$0] } ?? []
            case .failed: report.failed += line.issue.map { [$0] } ?? []
            case .unknown: report.unknown += line.issue.map { [$0] } ?? []
            }
            if !line.observed { observer?.didRecord(target: target, action: line.planned, result: line.result) }
        }
    }
}
