import DirBridgeCore

/// The plan for a person at a terminal: per-target counts, a BLOCKED banner where the safety
/// policy stopped a target, then one line per user and one indented line per changed field.
///
/// Creates list no fields (they would repeat the whole mapping for every new user); the JSON,
/// CSV and HTML formats carry them. Directory text is kept on one line with control characters
/// made visible, so a crafted value cannot forge lines or drive the terminal.
package struct TextPlanRenderer: PlanRenderer {
    package init() {}

    package func render<Output: TextOutputStream>(_ report: PlanReport, to output: inout Output) {
        let targets = report.reportedTargets
        output.write("dirbridge plan\n")
        output.write("Generated: \(report.generatedAtText)\n")
        output.write("Source:    \(DisplayText.singleLine(report.sourceDescription))\n")
        if targets.isEmpty { output.write("\nNo targets configured.\n") }
        for target in targets {
            output.write("\n")
            write(target, to: &output)
        }
        let blocked = targets.count { $0.blockedReason != nil }
        let actions = targets.reduce(0) { $0 + $1.plan.actions.count }
        let rejected = targets.reduce(0) { $0 + $1.summary.rejected }
        output.write("\nTotal: \(actions) action\(actions == 1 ? "" : "s"), \(rejected) rejected, ")
        output.write("\(targets.count) target\(targets.count == 1 ? "" : "s")")
        output.write(blocked > 0 ? ", \(blocked) BLOCKED\n" : "\n")
    }

    private func write<Output: TextOutputStream>(_ target: ReportedTarget, to output: inout Output) {
        let counts = target.summary.columns.map { "\($0.count) \($0.label)" }.joined(separator: ", ")
        output.write("\(DisplayText.singleLine(target.name)) (\(target.vendor)): \(counts)\n")
        if let reason = target.blockedReason {
            output.write("  *** BLOCKED: \(DisplayText.singleLine(reason)) ***\n")
            output.write("  *** nothing is sent to this target unless forced ***\n")
        }
        if target.plan.actions.isEmpty && target.plan.rejected.isEmpty {
            output.write("  no changes\n")
        }
        for action in target.plan.actions {
            output.write("  ")
            output.write(Self.marker(action.kind))
            output.write(" ")
            output.write(DisplayText.singleLine(action.dn))
            output.write(" (")
            output.write(DisplayText.singleLine(action.anchor.value))
            output.write(")")
            if let vendorId = action.vendorId {
                output.write(" (vendor id ")
                output.write(DisplayText.singleLine(vendorId))
                output.write(")")
            }
            if let match = action.match {
                output.write(" ")
                output.write(DisplayText.singleLine(match.description))
            }
            output.write("\n")
            guard action.kind != .create else { continue }
            for change in target.changes(of: action) {
                output.write("      ")
                output.write(DisplayText.change(change))
                output.write("\n")
            }
        }
        for rejection in target.plan.rejected {
            output.write("  ! rejected ")
            output.write(DisplayText.singleLine(rejection.dn))
            output.write(": ")
            output.write(DisplayText.singleLine(rejection.field))
            output.write(": ")
            output.write(DisplayText.singleLine(target.reason(of: rejection)))
            output.write("\n")
        }
        if !target.plan.unmanaged.isEmpty {
            output.write("  \(target.plan.unmanaged.count) unmanaged account(s): no directory user owns them; never modified\n")
        }
        for account in target.plan.unmanaged {
            output.write("  ? unmanaged ")
            output.write(DisplayText.singleLine(account.key))
            output.write(" (vendor id ")
            output.write(DisplayText.singleLine(account.vendorId))
            output.write(")\n")
        }
    }

    /// Marker and kind padded to one width, so DNs line up.
    private static func marker(_ kind: ActionKind) -> String {
        switch kind {
        case .create: "+ create  "
        case .update: "~ update  "
        case .reimport: "↺ reimport"
        case .adopt: "⇄ adopt   "
        case .disable: "- disable "
        }
    }
}
