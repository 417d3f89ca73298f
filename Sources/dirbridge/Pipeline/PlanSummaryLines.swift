import DirBridgeSync
import DirBridgeCore

/// One line per target with its counts: what a person reads first, before the full report.
struct PlanSummaryLines {
    let plan: SyncPlan

    func write(to output: some TextOutputStream) {
        var output = output
        for target in plan.targets {
            let summary = target.summary
            var line = "\(target.target) (\(target.vendor.rawValue)): \(summary.creates) create, \(summary.adopts) adopt, "
                + "\(summary.updates) update, "
                + "\(summary.reimports) reimport, \(summary.disables) disable, \(summary.rejected) rejected"
            if let reason = target.blockedReason { line += " — BLOCKED: \(reason)" }
            output.write(line + "\n")
        }
    }
}
