import DirBridgeOps
import Synchronization
import Testing

@Suite struct ProgressReporterTests {
    @Test func formatsCountsRateAndETA() {
        #expect(ProgressLine.format(label: "dispatch sertica", completed: 1_200, total: 10_000, rate: 850)
            == "dispatch sertica  1,200/10,000  850/s  ETA 11s")
        #expect(ProgressLine.format(label: "dispatch sertica", completed: 1_500, total: 10_000, rate: 850)
            == "dispatch sertica  1,500/10,000  850/s  ETA 10s")
    }

    @Test func unknownTotalHasNoETA() {
        #expect(ProgressLine.format(label: "read users", completed: 12_345, total: nil, rate: 999.6) == "read users  12,345  1,000/s")
    }

    @Test func zeroRateHasNoETA() {
        #expect(ProgressLine.format(label: "x", completed: 0, total: 5, rate: 0) == "x  0/5  0/s")
    }

    @Test func grouping() {
        #expect(ProgressLine.grouped(0) == "0")
        #expect(ProgressLine.grouped(999) == "999")
        #expect(ProgressLine.grouped(1_000) == "1,000")
        #expect(ProgressLine.grouped(1_234_567) == "1,234,567")
        #expect(ProgressLine.grouped(-12_000) == "-12,000")
    }

    @Test func durations() {
        #expect(ProgressLine.duration(seconds: 9) == "9s")
        #expect(ProgressLine.duration(seconds: 185) == "3m05s")
        #expect(ProgressLine.duration(seconds: 3_720) == "1h02m")
    }

    @Test func disabledReporterCountsButWritesNothing() async {
        let written = Mutex<[String]>([])
        let reporter = ProgressReporter(label: "quiet", total: 100, enabled: false) { text in written.withLock { $0.append(text) } }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<10 { group.addTask { for _ in 0..<10 { reporter.advance() } } }
        }
        reporter.finish()
        #expect(reporter.completedCount == 100)
        #expect(written.withLock { $0.isEmpty })
    }

    @Test func concurrentUpdatesAreCountedAndRenderingIsThrottled() async {
        let written = Mutex<[String]>([])
        let reporter = ProgressReporter(label: "dispatch aria", total: 80_000, enabled: true, minimumInterval: .seconds(3600)) { text in
            written.withLock { $0.append(text) }
        }
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { for _ in 0..<10_000 { reporter.advance() } } }
        }
        reporter.finish()
        let lines = written.withLock { $0 }
        #expect(reporter.completedCount == 80_000)
        // One draw at the first update (throttle window of an hour), one at finish.
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix("\rdispatch aria  "))
        #expect(lines[1].hasPrefix("\rdispatch aria  80,000/80,000"))
        #expect(lines[1].hasSuffix("\n"))
    }
}
