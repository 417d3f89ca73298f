import Foundation

/// When scheduled runs fire: every fixed interval, or at the times a cron expression names.
package enum Schedule: Sendable, Equatable, CustomStringConvertible {
    case interval(Duration)
    case cron(CronExpression)

    /// `--every 15m` (see ``IntervalText``).
    package static func every(_ text: String) throws(ScheduleError) -> Schedule {
        .interval(try IntervalText.parse(text))
    }

    /// `--cron "*/15 * * * *"` (see ``CronExpression``); `timeZone` is `.current` for local time or `.gmt` for UTC.
    package static func cron(_ text: String, timeZone: TimeZone = .current) throws(ScheduleError) -> Schedule {
        .cron(try CronExpression(text, timeZone: timeZone))
    }

    /// The first fire strictly after `date`: `date + interval`, or the next matching cron minute.
    package func nextFireDate(after date: Date) -> Date? {
        switch self {
        case .interval(let interval): date.addingTimeInterval(interval.timeInterval)
        case .cron(let expression): expression.nextFireDate(after: date)
        }
    }

    /// The usual gap between two fires near `date`; the unit the backoff multiplies.
    package func nominalInterval(near date: Date) -> Duration? {
        switch self {
        case .interval(let interval):
            return interval
        case .cron(let expression):
            guard let first = expression.nextFireDate(after: date), let second = expression.nextFireDate(after: first) else {
                return nil
            }
            return .seconds(second.timeIntervalSince(first))
        }
    }

    package var description: String {
        switch self {
        case .interval(let interval): "every \(IntervalText.format(interval))"
        case .cron(let expression): "cron '\(expression)' (\(expression.timeZone.identifier))"
        }
    }
}

extension Duration {
    /// Seconds as a `TimeInterval`, for `Date` arithmetic.
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
