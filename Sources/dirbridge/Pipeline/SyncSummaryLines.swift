import DirBridgeSync
import DirBridgeCore
import Dispatcher

/// The end-of-run summary: one line per target (sent, succeeded, rejected, retried, failed)
/// and one line per user who needs attention, the first ``shownIssues`` of each target (a first
/// sync can reject thousands; `dirbridge issues` lists them all).
struct SyncSummaryLines {
    let outcome: SyncSession.Outcome
    /// The config path, for the command that lists every issue.
    var configPath = "dirbridge.yaml"
    static let shownIssues = 20

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
            let issues = target.rejected + target.failed + target.unknown
            for issue in issues.prefix(Self.shownIssues) {
                let field = issue.field.map { " field \($0):" } ?? ""
                output.write(TerminalText.singleLine("  ! \(issue.dn) (\(issue.anchor.value)):\(field) \(issue.detail)") + "\n")
            }
            if issues.count > Self.shownIssues {
                output.write("  … and \(issues.count - Self.shownIssues) more: `dirbridge issues --config \(configPath) --target"
                    + " \(target.target)` lists those a vendor refused, `dirbridge plan` those the mapping rejects\n")
            }
        }
        output.write("status: \(outcome.status) (exit \(outcome.status.exitCode))\n")
    }
}
