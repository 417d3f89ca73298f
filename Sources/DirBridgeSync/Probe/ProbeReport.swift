import DirBridgeCore

/// What `dirbridge probe` learned, step by step.
package struct ProbeReport: Sendable {
    /// How an answer compares with what dirbridge assumes.
    package enum Verdict: Sendable, Equatable {
        case confirmed(String)
        case contradicted(String)
        case note(String)
        case failed(String)
    }

    package struct Step: Sendable {
        package var step: String
        package var outcome: String
        package var duration: Duration?
        package var verdict: Verdict

        init(step: String, outcome: String, duration: Duration? = nil, verdict: Verdict) {
            self.step = step
            self.outcome = outcome
            self.duration = duration
            self.verdict = verdict
        }
    }

    package var target: String
    package var vendor: VendorKind
    package var canary: String
    package private(set) var steps: [Step] = []
    /// The canary's id (or name) when it is still at the vendor.
    package var leftBehind: String?

    mutating func add(_ step: Step) {
        steps.append(step)
    }

    /// 0: every step as assumed; 1: a step failed or the canary is left behind unasked;
    /// 3: the vendor contradicts an assumption.
    package var exitCode: Int32 {
        if steps.contains(where: { if case .failed = $0.verdict { true } else { false } }) { return 1 }
        if steps.contains(where: { if case .contradicted = $0.verdict { true } else { false } }) { return 3 }
        return 0
    }

    package var lines: [String] {
        ["probe of \(target) (\(vendor.rawValue)) with canary \(canary)"] + steps.map { step in
            let (label, text): (String, String) =
                switch step.verdict {
                case .confirmed(let text): ("ok", text)
                case .contradicted(let text): ("CONTRADICTS", text)
                case .note(let text): ("note", text)
                case .failed(let text): ("FAILED", text)
                }
            let time = step.duration.map { " in \($0.secondsText)" } ?? ""
            return TerminalText.singleLine("\(label.padding(toLength: 11, withPad: " ", startingAt: 0)) \(step.step): \(step.outcome)\(time) — \(text)")
        }
    }
}
