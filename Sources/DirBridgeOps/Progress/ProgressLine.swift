/// Pure formatting of one progress line: `dispatch sertica  1,200/10,000  850/s  ETA 10s`.
package enum ProgressLine {
    /// - Parameters:
    ///   - total: nil when unknown (then no `/total` and no ETA).
    ///   - rate: items per second so far; ETA is omitted while it is zero.
    package static func format(label: String, completed: Int, total: Int?, rate: Double) -> String {
        var parts = [label]
        if let total {
            parts.append("\(grouped(completed))/\(grouped(total))")
        } else {
            parts.append(grouped(completed))
        }
        parts.append("\(grouped(Int(rate.rounded())))/s")
        if let total, rate > 0 {
            let remaining = Double(max(0, total - completed)) / rate
            parts.append("ETA \(duration(seconds: Int(remaining.rounded(.up))))")
        }
        return parts.joined(separator: "  ")
    }

    /// `1234567` → `1,234,567` (fixed separator: logs and terminals, not locale-dependent UI).
    package static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }

    /// `10s`, `3m05s`, `1h02m`.
    package static func duration(seconds: Int) -> String {
        switch seconds {
        case ..<60: return "\(seconds)s"
        case ..<3600: return "\(seconds / 60)m" + twoDigits(seconds % 60) + "s"
        default: return "\(seconds / 3600)h" + twoDigits(seconds % 3600 / 60) + "m"
        }
    }

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }
}
