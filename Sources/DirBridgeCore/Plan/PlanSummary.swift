/// Counts of a plan's actions per kind and of rejected users, for reports and exit codes.
public struct PlanSummary: Hashable, Sendable, Codable {
    public var creates = 0
    public var adopts = 0
    public var updates = 0
    public var reimports = 0
    public var disables = 0
    /// Distinct users rejected (a user with several field violations counts once).
    public var rejected = 0

    public init(
        creates: Int = 0, adopts: Int = 0, updates: Int = 0, reimports: Int = 0, disables: Int = 0, rejected: Int = 0
    ) {
        self.creates = creates
        self.adopts = adopts
        self.updates = updates
        self.reimports = reimports
        self.disables = disables
        self.rejected = rejected
    }

    public var totalActions: Int { creates + adopts + updates + reimports + disables }
}

extension TargetPlan {
    public var summary: PlanSummary {
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
