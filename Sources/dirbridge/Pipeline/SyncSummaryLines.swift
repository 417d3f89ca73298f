import DirBridgeCore
import Dispatcher

/// The end-of-run summary: one line per target (sent, succeeded, rejected, retried, failed)
/// and one line per user who needs attention.
struct SyncSummaryLines {
    let outcome: SyncSession.Outcome

    func write(to output: some TextOutputStream) {
        var output = output
        for (target, reason) in outcome.setupFailures {
            output.write("\(target): could not run: \(reason)\n")
        }
        for target in outcome.report.targets {
            var line = "\(target.target) (\(target.vendor.rawValue)): planned \(target.planned), sent \(target.sent), "
                + "succeeded \(target.succeededCount)"
                + (target.succeeded[.adopt].map { " (adopted \($0))" } ?? "") + ", rejected \(target.rejected.count), retried \(target.retried), "
                + "failed \(target.failed.count), unknown \(target.unknown.count)"
            let resolved = target.resolution
            if resolved.total > 0 { line += ", pending resolved \(resolved.total)" }
            if let error = target.error { line += " — \(error.description)" }
            output.write(line + "\n")
            for issue in target.rejected + target.failed + target.unknown {
                let field = issue.field.map { " field \($0):" } ?? ""
                output.write(TerminalText.singleLine("  ! \(issue.dn) (\(issue.anchor.value)):\(field) \(issue.message)") + "\n")
            }
        }
        output.write("status: \(outcome.status) (exit \(outcome.status.exitCode))\n")
    }
}
