import DirBridgeCore
import Foundation

/// Everything a renderer needs to present one plan: the plan itself plus the context a reader
/// of the report needs to trust it (when it was made, from what) and what must never be shown.
package struct PlanReport: Sendable {
    package var plan: SyncPlan
    package var generatedAt: Date
    /// Where the plan came from, for the report header, e.g. `ldaps://dc1.example.org (config /etc/dirbridge.yaml)`.
    package var sourceDescription: String
    /// Target name → payload field names whose values are masked in every format.
    /// Names are matched case-insensitively, and also as keys nested inside object values.
    package var secretFields: [String: Set<String>]
    /// Set by `plan`: the JSON document then starts with a `"review"` seal (see `PlanReview`).
    package var review: PlanReview?

    package init(plan: SyncPlan, generatedAt: Date, sourceDescription: String, secretFields: [String: Set<String>] = [:]) {
        self.plan = plan
        self.generatedAt = generatedAt
        self.sourceDescription = sourceDescription
        self.secretFields = secretFields
    }
}

extension PlanReport {
    /// `generatedAt` as ISO 8601 in UTC, whole seconds: the same text in every format.
    var generatedAtText: String {
        generatedAt.formatted(.iso8601)
    }

    /// The targets with their masks applied, in plan order.
    var reportedTargets: [ReportedTarget] {
        plan.targets.map { ReportedTarget($0, mask: SecretMask(fields: secretFields[$0.target] ?? [])) }
    }
}
