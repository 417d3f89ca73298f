import DirBridgeCore

/// One target as every renderer sees it: the plan with secrets masked and free text scrubbed,
/// so that no renderer can forget to mask.
struct ReportedTarget {
    let plan: TargetPlan
    let summary: ActionSummary
    let blockedReason: String?
    private let mask: SecretMask
    private let scrubber: SecretScrubber

    init(_ plan: TargetPlan, mask: SecretMask) {
        self.plan = plan
        self.mask = mask
        summary = ActionSummary(plan)
        // Free text (reasons) can quote a value; scrub the secrets this plan carries out of it.
        let needsScrubbing = !mask.isEmpty && (plan.blockedReason != nil || !plan.rejected.isEmpty)
        scrubber = needsScrubbing ? SecretScrubber(secrets: mask.secretValues(in: plan)) : SecretScrubber(secrets: [])
        blockedReason = plan.blockedReason.map(scrubber.scrub)
    }

    var name: String { plan.target }
    var vendor: String { plan.vendor.rawValue }

    /// The field-level changes to show for an action, masked. A create whose engine supplied no
    /// changes shows its payload as additions, so a reviewer sees what would be sent.
    func changes(of action: SyncAction) -> [FieldChange] {
        if action.changes.isEmpty && action.kind == .create {
            return action.payload.fields.keys.sorted().map {
                mask.masked(FieldChange(field: $0, old: nil, new: action.payload.fields[$0]))
            }
        }
        return mask.isEmpty ? action.changes : action.changes.map(mask.masked)
    }

    /// A rejection's reason with any known secret value replaced by the mask.
    func reason(of rejection: Rejection) -> String {
        scrubber.scrub(rejection.reason)
    }
}
