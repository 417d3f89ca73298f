/// Parses `--every` durations: one or more `<number><unit>` parts with units `h`, `m`, `s`
/// in that order, each at most once (`90s`, `15m`, `1h30m`, `2h`).
package enum IntervalText {
    /// - Throws: ``ScheduleError`` with code `.invalidDuration` (missing unit, unknown unit, repeated or
    ///   out-of-order unit, non-digit) or `.emptyText`; a total of zero is refused too.
    package static func parse(_ text: String) throws(ScheduleError) -> Duration {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else {
            throw ScheduleError(.emptyText, text: text, detail: "expected a duration such as 15m, 90s or 1h30m")
        }
        let unitSeconds: [Character: Int64] = ["h": 3600, "m": 60, "s": 1]
        let unitOrder: [Character] = ["h", "m", "s"]
        var total: Int64 = 0
        var digits = ""
        var lastUnitIndex = -1
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let seconds = unitSeconds[character], let unitIndex = unitOrder.firstIndex(of: character) else {
                throw ScheduleError(.invalidDuration, text: text, detail: "unknown unit '\(character)'; use h, m or s")
            }
            guard let value = Int64(digits) else {
                throw ScheduleError(.invalidDuration, text: text, detail: "unit '\(character)' has no number before it")
            }
            guard unitIndex > lastUnitIndex else {
                throw ScheduleError(.invalidDuration, text: text, detail: "units must appear once each, in the order h, m, s")
            }
            let (product, overflowA) = value.multipliedReportingOverflow(by: seconds)
            let (sum, overflowB) = total.addingReportingOverflow(product)
            guard !overflowA, !overflowB else {
                throw ScheduleError(.invalidDuration, text: text, detail: "duration too large")
            }
            total = sum
            digits = ""
            lastUnitIndex = unitIndex
        }
        guard digits.isEmpty else {
            throw ScheduleError(.invalidDuration, text: text, detail: "'\(digits)' has no unit; write e.g. \(digits)m or \(digits)s")
        }
        guard total > 0 else {
            throw ScheduleError(.invalidDuration, text: text, detail: "the interval must be longer than zero")
        }
        return .seconds(total)
    }
}

extension IntervalText {
    /// The inverse of ``parse(_:)`` for logs: `1h30m`, `90s` → `1m30s`; sub-second parts as `ms`.
    package static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        var text = ""
        if seconds >= 3600 { text += "\(seconds / 3600)h" }
        if seconds % 3600 >= 60 { text += "\(seconds % 3600 / 60)m" }
        if seconds % 60 > 0 { text += "\(seconds % 60)s" }
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds > 0 || text.isEmpty { text += "\(milliseconds)ms" }
        return text
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let start = firstIndex { !$0.isWhitespace } ?? endIndex
        let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
        return self[start..<end]
    }
}
