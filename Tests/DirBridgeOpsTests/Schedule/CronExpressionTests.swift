import DirBridgeOps
import Foundation
import Testing

@Suite struct CronExpressionTests {
    let utc = TimeZone(identifier: "UTC")!

    func date(_ text: String, _ zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = text.split(whereSeparator: { "-: ".contains($0) }).map { Int($0)! }
        return calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: parts[3], minute: parts[4]))!
    }

    func fires(_ expression: String, after start: String, count: Int, zone: TimeZone? = nil) throws -> [Date] {
        let zone = zone ?? utc
        let cron = try CronExpression(expression, timeZone: zone)
        var result: [Date] = []
        var cursor = date(start, zone)
        for _ in 0..<count {
            let next = try #require(cron.nextFireDate(after: cursor))
            result.append(next)
            cursor = next
        }
        return result
    }

    @Test func everyFifteenMinutes() throws {
        let got = try fires("*/15 * * * *", after: "2026-01-01 10:07", count: 4)
        #expect(got == ["2026-01-01 10:15", "2026-01-01 10:30", "2026-01-01 10:45", "2026-01-01 11:00"].map { date($0, utc) })
    }

    @Test func strictlyAfterAnExactMatch() throws {
        let got = try fires("0 * * * *", after: "2026-01-01 10:00", count: 1)
        #expect(got == [date("2026-01-01 11:00", utc)])
    }

    @Test func listsRangesAndSteps() throws {
        let cron = try CronExpression("5,10-20/5 8-9 * * *", timeZone: utc)
        #expect(cron.minutes == [5, 10, 15, 20])
        #expect(cron.hours == [8, 9])
        let got = try fires("5,10-20/5 8-9 * * *", after: "2026-01-01 09:18", count: 2)
        #expect(got == [date("2026-01-01 09:20", utc), date("2026-01-02 08:05", utc)])
    }

    @Test func startSlashStepRunsToTheEnd() throws {
        #expect(try CronExpression("50/5 * * * *", timeZone: utc).minutes == [50, 55])
    }

    @Test func monthEndsAreRespected() throws {
        let got = try fires("0 0 31 * *", after: "2026-01-31 12:00", count: 3)
        #expect(got == ["2026-03-31 00:00", "2026-05-31 00:00", "2026-07-31 00:00"].map { date($0, utc) })
    }

    @Test func leapDayFindsTheNextLeapYear() throws {
        let got = try fires("0 12 29 2 *", after: "2026-03-01 00:00", count: 1)
        #expect(got == [date("2028-02-29 12:00", utc)])
    }

    @Test func dayOfWeekZeroAndSevenAreSunday() throws {
        let zero = try CronExpression("0 6 * * 0", timeZone: utc)
        let seven = try CronExpression("0 6 * * 7", timeZone: utc)
        #expect(zero.daysOfWeek == [0])
        #expect(seven.daysOfWeek == [0])
        // 2026-11-23 is a Monday; the next Sunday is the 29th.
        #expect(seven.nextFireDate(after: date("2026-11-23 12:00", utc)) == date("2026-11-29 06:00", utc))
    }

    @Test func namesForMonthsAndDays() throws {
        let cron = try CronExpression("0 9 * jan,jul mon-fri", timeZone: utc)
        #expect(cron.months == [1, 7])
        #expect(cron.daysOfWeek == [1, 2, 3, 4, 5])
        // 2027-01-01 is a Friday, the 2nd a Saturday.
        let got = try fires("0 9 * jan,jul mon-fri", after: "2027-01-01 10:00", count: 1)
        #expect(got == [date("2027-01-04 09:00", utc)])
    }

    @Test func restrictedDayOfMonthAndWeekMatchEither() throws {
        // The 1st, or any Monday. 2026-06-01 is a Monday; 2026-06-08 the next Monday.
        let got = try fires("0 0 1 * 1", after: "2026-05-26 00:00", count: 3)
        #expect(got == ["2026-06-01 00:00", "2026-06-08 00:00", "2026-06-15 00:00"].map { date($0, utc) })
    }

    @Test func macros() throws {
        let daily = try CronExpression("@daily", timeZone: utc)
        #expect(daily.minutes == [0] && daily.hours == [0] && daily.daysOfMonth == Set(1...31))
        #expect(daily.nextFireDate(after: date("2026-01-01 10:00", utc)) == date("2026-01-02 00:00", utc))
        #expect(try CronExpression("@hourly", timeZone: utc).hours == Set(0...23))
    }

    @Test func springForwardSkipsTheMissingTimeAndKeepsTheRest() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        // 2026-03-29 02:00 → 03:00 in Berlin: 02:30 does not exist that day.
        let got = try fires("30 2 * * *", after: "2026-03-28 12:00", count: 2, zone: berlin)
        #expect(got[0] == date("2026-03-30 02:30", berlin))
        let quarterly = try fires("*/15 * * * *", after: "2026-03-29 01:50", count: 2, zone: berlin)
        // 01:45 CET is 00:45 UTC; next quarter is 03:00 CEST = 01:00 UTC.
        #expect(quarterly[0] == Date(timeIntervalSince1970: date("2026-03-29 01:00", utc).timeIntervalSince1970))
        #expect(quarterly[1].timeIntervalSince(quarterly[0]) == 900)
    }

    @Test func fallBackFiresAFixedTimeOnceButWildcardHoursTwice() throws {
        let berlin = TimeZone(identifier: "Europe/Berlin")!
        // 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice (00:30 and 01:30 UTC).
        let daily = try fires("30 2 * * *", after: "2026-10-24 12:00", count: 2, zone: berlin)
        #expect(daily[0] == date("2026-10-25 00:30", utc))
        #expect(daily[1] == date("2026-10-26 01:30", utc))
        // From 00:00 local (22:00 UTC): 00:30, 01:30, 02:30 CEST, 02:30 CET, 03:30 CET.
        let hourly = try fires("30 * * * *", after: "2026-10-25 00:00", count: 5, zone: berlin)
        let expected = ["2026-10-24 22:30", "2026-10-24 23:30", "2026-10-25 00:30", "2026-10-25 01:30", "2026-10-25 02:30"]
        #expect(hourly == expected.map { date($0, utc) })
    }

    @Test func localZoneDiffersFromUTC() throws {
        let newYork = TimeZone(identifier: "America/New_York")!
        let cron = try CronExpression("0 9 * * *", timeZone: newYork)
        #expect(cron.nextFireDate(after: date("2026-01-05 00:00", utc)) == date("2026-01-05 14:00", utc))
    }

    @Test(arguments: [
        ("* * * *", ScheduleError.Code.wrongFieldCount), ("60 * * * *", .valueOutOfRange), ("* 24 * * *", .valueOutOfRange),
        ("* * 0 * *", .valueOutOfRange), ("* * * 13 *", .valueOutOfRange), ("* * * * 8", .valueOutOfRange),
        ("*/0 * * * *", .zeroStep), ("5-1 * * * *", .invalidField), ("x * * * *", .invalidField), ("1,,2 * * * *", .invalidField),
        ("0 0 31 2 *", .neverFires), ("0 0 30 2 *", .neverFires), ("", .emptyText),
    ])
    func refusesBadExpressions(text: String, code: ScheduleError.Code) {
        #expect {
            try CronExpression(text, timeZone: utc)
        } throws: { error in
            (error as? ScheduleError)?.code == code
        }
    }

    @Test func errorNamesTheField() {
        #expect {
            try CronExpression("0 25 * * *", timeZone: utc)
        } throws: { error in
            "\(error)".contains("hour value 25 outside 0-23")
        }
    }
}

