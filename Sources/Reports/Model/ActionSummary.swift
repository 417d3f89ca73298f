import DirBridgeCore

/// Counts per action kind plus rejections for one target, taken in one pass.
struct ActionSummary: Sendable, Hashable {
    private(set) var counts: [ActionKind: Int] = [:]
    var rejected: Int

    init(_ plan: TargetPlan) {
        for action in plan.actions { counts[action.kind, default: 0] += 1 }
        rejected = plan.rejected.count
    }

    subscript(kind: ActionKind) -> Int { counts[kind] ?? 0 }

    /// Every column a report shows, in report order: the action kinds, then rejections.
    var columns: [(label: String, count: Int)] {
        ActionKind.allCases.map { ($0.rawValue, self[$0]) } + [("rejected", rejected)]
    }
}
