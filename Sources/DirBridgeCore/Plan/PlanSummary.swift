/// Counts of a plan's actions per kind and of rejected users, for reports and exit codes.
package struct PlanSummary: Hashable, Sendable, Codable {
    package var creates = 0
    package var adopts = 0
    package var updates = 0
    package var reimports = 0
    package var disables = 0
    /// Distinct users rejected (a user with several field violations counts once).
    package var rejected = 0

    package init(
        creates: Int = 0, adopts: Int = 0, updates: Int = 0, reimports: Int = 0, disables: Int = 0, rejected: Int = 0
    ) {
        self.creates = creates
        self.adopts = adopts
        self.updates = updates
        self.reimports = reimports
        self.disables = disables
        self.rejected = rejected
    }

    package var totalActions: Int { creates + adopts + updates + reimports + disables }
}

extension TargetPlan {
    package var summary: PlanSummary {
        var summary = PlanSummary()
        for action in actions {
            switch action.kind {
            case .create: summary.creates += 1
            case .adopt: summary.adopts += 1
            case .update: summary.updates += 1
            case .reimport: summary.reimports += 1
            case .disable: summary.disables += 1
            }
        }
        summary.rejected = Set(rejected.map(\.anchor)).count
        return summary
    }
}
