import DirBridgeCore

/// One target as every renderer sees it: the plan with secrets masked, so that no renderer can
/// forget to mask.
struct ReportedTarget {
    let plan: TargetPlan
    let summary: ActionSummary
    private let mask: SecretMask

    init(_ plan: TargetPlan, mask: SecretMask) {
        self.plan = plan
        self.mask = mask
        summary = ActionSummary(plan)
    }

    var name: String { plan.target }
    var vendor: String { plan.vendor.rawValue }
    /// The safety policy's reason; it speaks of counts and shares, never of field values.
    var blockedReason: String? { plan.blockedReason }

    /// The field-level changes to show for an action, masked.
    func changes(of action: SyncAction) -> [FieldChange] {
        mask.isEmpty ? action.changes : action.changes.map(mask.masked)
    }

    /// A rejection's reason, with quoted values masked when the rejected field is secret.
    func reason(of rejection: Rejection) -> String {
        mask.isSecret(rejection.field) ? QuotedValueMask.masking(rejection.reason) : rejection.reason
    }
}
