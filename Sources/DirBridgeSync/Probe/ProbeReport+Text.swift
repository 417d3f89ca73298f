import DirBridgeCore

extension ProbeReport {
    /// The report for a terminal: a heading, one block per step, the cleanup and the result.
    package var text: String {
        var lines = [
            "probe of target \(target) (\(vendor), deprovision \(deprovision)) with canary \(canary.name) <\(canary.mail)>"
        ]
        for (index, step) in steps.enumerated() {
            let verdict = step.verdict
            lines.append("")
            lines.append("\(index + 1). \(step.name) [\(verdict.status.rawValue)] (\(step.milliseconds) ms)")
            lines.append("   sent: \(step.request)")
            for exchange in step.exchanges {
                lines.append("   http: \(exchange)")
            }
            lines.append("   answer: \(step.answer)")
            lines.append("   assumption: \(verdict.assumption)")
            lines.append("   finding: \(verdict.finding)")
            if let option = verdict.option {
                lines.append("   set: \(option)")
            }
        }
        lines.append("")
        lines.append("cleanup [\(cleanup.status.rawValue)]: \(cleanup.detail)")
        let contradicted = steps.count { $0.verdict.status == .contradicted }
        let failed = steps.count { $0.verdict.status == .failed }
        let result =
            switch exitStatus {
            case 0: "every step as dirbridge assumes"
            case 3: "\(contradicted) assumption\(contradicted == 1 ? "" : "s") contradicted; set " + optionsToSet.joined(separator: "; ")
            default:
                failed > 0
                    ? "\(failed) step\(failed == 1 ? "" : "s") failed" + (cleanup.status == .failed ? "; the canary is not cleaned up" : "")
                    : "the canary is not cleaned up"
            }
        lines.append("result: \(result) (exit \(exitStatus))")
        return lines.map(TerminalText.singleLine).joined(separator: "\n") + "\n"
    }
}
