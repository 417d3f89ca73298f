import Foundation

/// A 5-field cron expression (`minute hour day-of-month month day-of-week`) evaluated in a time zone.
///
/// Fields accept `*`, numbers, ranges `a-b`, steps `*/n`, `a-b/n`, `a/n`, comma lists, month names
/// (`jan`…`dec`) and day names (`sun`…`sat`); day-of-week 0 and 7 are both Sunday. When both
/// day-of-month and day-of-week are restricted, a day matching either fires (classic cron).
/// The macros `@hourly`, `@daily`, `@midnight`, `@weekly`, `@monthly`, `@yearly`, `@annually` are accepted.
///
/// Daylight-saving changes: a wall-clock time skipped by a spring-forward jump does not fire that
/// day; a time repeated by a fall-back fires once, unless the hour field is `*` (then every
/// occurrence fires, as an interval would).
package struct CronExpression: Sendable, Equatable, CustomStringConvertible {
    package let minutes: Set<Int>
    package let hours: Set<Int>
    package let daysOfMonth: Set<Int>
    package let months: Set<Int>
    /// 0 = Sunday … 6 = Saturday (7 is folded into 0).
    package let daysOfWeek: Set<Int>
    package let timeZone: TimeZone
    /// The text as given, for messages and logs.
    package let source: String

    private let dayOfMonthRestricted: Bool
    private let dayOfWeekRestricted: Bool
    private let hourIsWildcard: Bool

    /// How far ahead ``nextFireDate(after:)`` looks before concluding the expression never fires
    /// (covers leap days and 31st-of-month expressions restricted by day-of-week).
    static let searchHorizon: TimeInterval = 9 * 366 * 86_400

    /// - Parameters:
    ///   - text: the expression, e.g. `*/15 * * * *`.
    ///   - timeZone: zone the fields are read in; `TimeZone.current` for local time, `.gmt` for UTC.
    /// - Throws: ``ScheduleError`` naming the offending field, or `.neverFires` for e.g. `0 0 31 2 *`.
    package init(_ text: String, timeZone: TimeZone = .current) throws(ScheduleError) {
        let trimmed = String(text.trimmingWhitespace())
        guard !trimmed.isEmpty else {
            throw ScheduleError(.emptyText, text: text, detail: "expected 5 fields: minute hour day-of-month month day-of-week")
        }
        let expanded = Self.macros[trimmed.lowercased()] ?? trimmed
        let fields = expanded.split(whereSeparator: \.isWhitespace).map(String.init)
        guard fields.count == 5 else {
            throw ScheduleError(
                .wrongFieldCount, text: text,
                detail: "expected 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)"
            )
        }
        minutes = try CronField.minute.parse(fields[0])
        hours = try CronField.hour.parse(fields[1])
        daysOfMonth = try CronField.dayOfMonth.parse(fields[2])
        months = try CronField.month.parse(fields[3])
        daysOfWeek = Set(try CronField.dayOfWeek.parse(fields[4]).map { $0 % 7 })
        dayOfMonthRestricted = !fields[2].hasPrefix("*")
        dayOfWeekRestricted = !fields[4].hasPrefix("*")
        hourIsWildcard = fields[1] == "*"
        self.timeZone = timeZone
        self.source = trimmed

        let reference = Date(timeIntervalSince1970: 946_684_800)  // 2000-01-01, a leap year follows within the horizon
        guard nextFireDate(after: reference) != nil else {
            throw ScheduleError(.neverFires, text: text, detail: "no date ever matches day-of-month '\(fields[2])' in month '\(fields[3])'")
        }
    }

    package var description: String { source }

    /// The first instant strictly after `date` whose wall-clock time in ``timeZone`` matches, or nil
    /// if none exists within the search horizon.
    package func nextFireDate(after date: Date) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let limit = date.addingTimeInterval(Self.searchHorizon)
        guard var candidate = calendar.dateInterval(of: .minute, for: date)?.end else { return nil }
        while candidate <= limit {
            let parts = calendar.dateComponents([.month, .day, .hour, .minute, .weekday], from: candidate)
            guard let month = parts.month, let day = parts.day, let hour = parts.hour, let minute = parts.minute,
                let weekday = parts.weekday
            else { return nil }
            let next: DateInterval?
            if !months.contains(month) {
                next = calendar.dateInterval(of: .month, for: candidate)
            } else if !dayMatches(dayOfMonth: day, dayOfWeek: weekday - 1) {
                next = calendar.dateInterval(of: .day, for: candidate)
            } else if !hours.contains(hour) {
                next = calendar.dateInterval(of: .hour, for: candidate)
            } else if !minutes.contains(minute) || isRepeatedWallClockHour(candidate, calendar: calendar) {
                next = calendar.dateInterval(of: .minute, for: candidate)
            } else {
                return candidate
            }
            guard let following = next?.end, following > candidate else { return nil }
            candidate = following
        }
        return nil
    }

    private func dayMatches(dayOfMonth: Int, dayOfWeek: Int) -> Bool {
        let monthDay = daysOfMonth.contains(dayOfMonth)
        let weekDay = daysOfWeek.contains(dayOfWeek)
        switch (dayOfMonthRestricted, dayOfWeekRestricted) {
        case (true, true): return monthDay || weekDay
        case (true, false): return monthDay
        case (false, true): return weekDay
        case (false, false): return true
        }
    }

    /// True for the second pass through a wall-clock hour repeated by a fall-back transition,
    /// which fixed-hour expressions skip so a daily job does not run twice.
    private func isRepeatedWallClockHour(_ instant: Date, calendar: Calendar) -> Bool {
        guard !hourIsWildcard else { return false }
        let offsetNow = timeZone.secondsFromGMT(for: instant)
        let offsetHourAgo = timeZone.secondsFromGMT(for: instant.addingTimeInterval(-3600))
        guard offsetHourAgo > offsetNow else { return false }
        // Wall-clock time shifted back by (offsetHourAgo - offsetNow): the same reading was shown before.
        let shift = TimeInterval(offsetHourAgo - offsetNow)
        let earlier = instant.addingTimeInterval(-shift)
        return calendar.component(.hour, from: earlier) == calendar.component(.hour, from: instant)
            && calendar.component(.minute, from: earlier) == calendar.component(.minute, from: instant)
    }

    private static let macros: [String: String] = [
        "@hourly": "0 * * * *",
        "@daily": "0 0 * * *",
        "@midnight": "0 0 * * *",
        "@weekly": "0 0 * * 0",
        "@monthly": "0 0 1 * *",
        "@yearly": "0 0 1 1 *",
        "@annually": "0 0 1 1 *",
    ]
}

/// One cron field's range and names.
struct CronField {
    let name: String
    let range: ClosedRange<Int>
    let names: [String: Int]

    static let minute = CronField(name: "minute", range: 0...59, names: [:])
    static let hour = CronField(name: "hour", range: 0...23, names: [:])
    static let dayOfMonth = CronField(name: "day-of-month", range: 1...31, names: [:])
    static let month = CronField(
        name: "month", range: 1...12,
        names: ["jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12]
    )
    static let dayOfWeek = CronField(
        name: "day-of-week", range: 0...7,
        names: ["sun": 0, "mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6]
    )

    func parse(_ text: String) throws(ScheduleError) -> Set<Int> {
        var values = Set<Int>()
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            values.formUnion(try parseItem(String(item), field: text))
        }
        return values
    }

    private func parseItem(_ item: String, field: String) throws(ScheduleError) -> [Int] {
        let stepParts = item.split(separator: "/", omittingEmptySubsequences: false)
        guard stepParts.count <= 2 else { throw invalid(field, "'\(item)' has more than one '/'") }
        var step = 1
        if stepParts.count == 2 {
            guard let parsed = Int(stepParts[1]) else { throw invalid(field, "step '\(stepParts[1])' is not a number") }
            guard parsed > 0 else { throw ScheduleError(.zeroStep, text: field, detail: "\(name) step must be at least 1") }
            step = parsed
        }
        let base = String(stepParts[0])
        let bounds: ClosedRange<Int>
        if base == "*" {
            bounds = range
        } else if let dash = base.firstIndex(of: "-") {
            let low = try value(String(base[..<dash]), field: field)
            let high = try value(String(base[base.index(after: dash)...]), field: field)
            guard low <= high else { throw invalid(field, "range \(base) runs backwards") }
            bounds = low...high
        } else {
            let single = try value(base, field: field)
            // `a/n` means "from a to the end in steps of n"; a bare value is just itself.
            bounds = stepParts.count == 2 ? single...range.upperBound : single...single
        }
        return Array(stride(from: bounds.lowerBound, through: bounds.upperBound, by: step))
    }

    private func value(_ text: String, field: String) throws(ScheduleError) -> Int {
        guard let number = Int(text) ?? names[text.lowercased()] else {
            throw invalid(field, "'\(text)' is not a number\(names.isEmpty ? "" : " or a name")")
        }
        guard range.contains(number) else {
            throw ScheduleError(
                .valueOutOfRange, text: field,
                detail: "\(name) value \(number) outside \(range.lowerBound)-\(range.upperBound)"
            )
        }
        return number
    }

    private func invalid(_ field: String, _ detail: String) -> ScheduleError {
        ScheduleError(.invalidField, text: field, detail: "\(name): \(detail)")
    }
}
