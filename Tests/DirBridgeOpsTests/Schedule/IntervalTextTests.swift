import DirBridgeOps
import Testing

@Suite struct IntervalTextTests {
    @Test(arguments: [
        ("90s", Duration.seconds(90)), ("15m", .seconds(900)), ("1h30m", .seconds(5400)), ("2h", .seconds(7200)),
        ("1h0m5s", .seconds(3605)), (" 15m ", .seconds(900)),
    ])
    func parsesDurations(text: String, expected: Duration) throws {
        #expect(try IntervalText.parse(text) == expected)
    }

    @Test(arguments: ["", "15", "m", "15x", "30m1h", "1h1h", "0s", "-5m", "1.5h", "15 m"])
    func refusesMalformedDurations(text: String) {
        #expect(throws: ScheduleError.self) { try IntervalText.parse(text) }
    }

    @Test func formatsForLogs() {
        #expect(IntervalText.format(.seconds(5400)) == "1h30m")
        #expect(IntervalText.format(.seconds(90)) == "1m30s")
        #expect(IntervalText.format(.milliseconds(100)) == "100ms")
        #expect(IntervalText.format(.seconds(3605)) == "1h5s")
    }

    @Test func missingUnitErrorSuggestsOne() {
        #expect {
            try IntervalText.parse("15")
        } throws: { error in
            (error as? ScheduleError)?.detail.contains("15m") == true
        }
    }
}
