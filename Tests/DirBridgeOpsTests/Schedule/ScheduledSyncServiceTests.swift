import DirBridgeOps
import Foundation
import Logging
import ServiceLifecycle
import ServiceLifecycleTestKit
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Real time with intervals of tens of milliseconds; every test is bounded by `withTimeLimit`.
@Suite struct ScheduledSyncServiceTests {
    /// Start and end of each run, as seen by the job.
    final class RunLog: Sendable {
        struct Run: Sendable { var start: ContinuousClock.Instant; var end: ContinuousClock.Instant? }
        private let runs = Mutex<[Run]>([])
        private let active = Atomic<Int>(0)
        let maximumConcurrent = Atomic<Int>(0)

        func begin() {
            let now = active.add(1, ordering: .sequentiallyConsistent).newValue
            maximumConcurrent.max(now, ordering: .sequentiallyConsistent)
            runs.withLock { $0.append(Run(start: .now, end: nil)) }
        }

        func end() {
            runs.withLock { $0[$0.count - 1].end = .now }
            active.subtract(1, ordering: .sequentiallyConsistent)
        }

        var all: [Run] { runs.withLock { $0 } }
        var count: Int { runs.withLock { $0.count } }
        var finishedCount: Int { runs.withLock { $0.filter { $0.end != nil }.count } }

        func waitUntil(_ condition: @Sendable (RunLog) -> Bool) async throws {
            while !condition(self) { try await Task.sleep(for: .milliseconds(5)) }
        }
    }

    let logger = Logger(label: "test.scheduler")

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test(.timeLimit(.minutes(1)))
    func runsRepeatedlyWithoutOverlapAndStopsOnGracefulShutdown() async throws {
        let log = RunLog()
        let service = ScheduledSyncService(
            configuration: .init(schedule: .interval(.milliseconds(100))), logger: logger
        ) {
            log.begin()
            try? await Task.sleep(for: .milliseconds(30))
            log.end()
            return .succeeded
        }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                try await log.waitUntil { $0.finishedCount >= 3 }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let runs = log.all
        #expect(runs.count >= 3)
        #expect(log.maximumConcurrent.load(ordering: .relaxed) == 1)
        for (previous, next) in zip(runs, runs.dropFirst()) {
            let gap = seconds(next.start - previous.start)
            #expect(gap >= 0.095, "runs follow the 100 ms grid, gap was \(gap)")
            #expect(next.start >= previous.end!)
        }
    }

    /// A daemon stopped while it syncs: the run the shutdown cancels fails, and that is reported
    /// as asked for, never as an error (operators alert on errors).
    @Test(.timeLimit(.minutes(1)))
    func aRunCancelledByTheShutdownIsNoError() async throws {
        let log = RunLog()
        let output = CapturedLogOutput()
        let logger = Logger(label: "test.scheduler") { DirBridgeLogHandler(label: $0, format: .json, level: .info, output: output) }
        let service = ScheduledSyncService(configuration: .init(schedule: .interval(.milliseconds(50))), logger: logger) {
            log.begin()
            defer { log.end() }
            do {
                try await Task.sleep(for: .seconds(30))
                return .succeeded
            } catch {
                return .failed(reason: "\(error)", retryable: true)
            }
        }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                try await log.waitUntil { $0.count >= 1 }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(log.finishedCount == 1)
        #expect(output.lines.contains { $0.contains("\"level\":\"notice\"") && $0.contains("stopped by the shutdown") }, "\(output.lines)")
        #expect(!output.lines.contains { $0.contains("\"level\":\"error\"") }, "\(output.lines)")
    }

    @Test(.timeLimit(.minutes(1)))
    func overrunningRunSkipsMissedFires() async throws {
        let log = RunLog()
        let service = ScheduledSyncService(
            configuration: .init(schedule: .interval(.milliseconds(100))), logger: logger
        ) {
            log.begin()
            // The first run overruns 2½ intervals: fires at 100 and 200 ms are missed.
            if log.count == 1 { try? await Task.sleep(for: .milliseconds(250)) }
            log.end()
            return .succeeded
        }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                try await log.waitUntil { $0.finishedCount >= 2 }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let runs = log.all
        let secondStart = seconds(runs[1].start - runs[0].start)
        // Queued fires would start the second run right after the first ended (~250 ms).
        #expect(secondStart >= 0.295, "second run started \(secondStart) s after the first")
    }

    @Test(.timeLimit(.minutes(1)))
    func retryableFailuresBackOffAndTheServiceKeepsGoing() async throws {
        let log = RunLog()
        let service = ScheduledSyncService(
            configuration: .init(schedule: .interval(.milliseconds(100))), logger: logger
        ) {
            log.begin()
            log.end()
            return .failed(reason: "directory unreachable", retryable: true)
        }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                try await log.waitUntil { $0.finishedCount >= 5 }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let starts = log.all.map(\.start)
        let gaps = zip(starts, starts.dropFirst()).map { seconds($1 - $0) }
        // Expected 100, 200, 400, 400 ms (doubling, capped at 4 intervals: exact values in RunPlannerTests).
        // Fires are scheduled on the grid, so a run that starts late on a loaded machine shortens
        // the gap after it; the span from the first start to the fifth cannot shrink, though
        // (the first run starts at once). Without backoff it would be 400 ms.
        let span = seconds(starts[4] - starts[0])
        #expect(span >= 1.095, "span \(span) s, gaps \(gaps)")
    }

    @Test(.timeLimit(.minutes(1)))
    func gracefulShutdownLetsTheRunInFlightFinish() async throws {
        let log = RunLog()
        /// What the run saw, shared with the unstructured task that stands for a batch in flight.
        final class Seen: Sendable {
            let cancellation = Atomic<Bool>(false)
            let shuttingDown = Atomic<Bool>(false)
            let inFlightFinished = Atomic<Bool>(false)
        }
        let seen = Seen()
        let service = ScheduledSyncService(
            configuration: .init(schedule: .interval(.milliseconds(50))), logger: logger
        ) {
            log.begin()
            // A dispatcher stops starting batches once cancelled; here: wait for it.
            while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            seen.cancellation.store(true, ordering: .relaxed)
            seen.shuttingDown.store(Task.isShuttingDownGracefully, ordering: .relaxed)
            // Batches already sent run in unstructured tasks, as the dispatcher's do: they finish.
            await Task {
                try? await Task.sleep(for: .milliseconds(50))
                seen.inFlightFinished.store(!Task.isCancelled, ordering: .relaxed)
            }.value
            log.end()
            return .succeeded
        }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                try await log.waitUntil { $0.count == 1 }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        let (cancelled, shuttingDown, finished) = (
            seen.cancellation.load(ordering: .relaxed), seen.shuttingDown.load(ordering: .relaxed),
            seen.inFlightFinished.load(ordering: .relaxed)
        )
        #expect(cancelled)
        #expect(shuttingDown)
        #expect(finished)
        #expect(log.count == 1)
        #expect(log.finishedCount == 1)
    }

    @Test(.timeLimit(.minutes(1)))
    func shutdownDuringTheWaitReturnsWithoutRunning() async throws {
        let log = RunLog()
        let service = ScheduledSyncService(
            configuration: .init(schedule: .interval(.seconds(3600)), runAtStart: false), logger: logger
        ) {
            log.begin()
            log.end()
            return .succeeded
        }
        // The wait is an hour; the test's one-minute time limit fails it if shutdown does not cut it short.
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                try await Task.sleep(for: .milliseconds(50))
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(log.count == 0)
    }

    /// The CLI's wiring: a ServiceGroup trapping SIGTERM. Safe in-process: the group installs its
    /// signal handling before it starts any service, and the signal is sent only once the job runs.
    /// No other test in this process may trap SIGTERM (the simulator harness traps no signals).
    @Test(.timeLimit(.minutes(1)))
    func sigtermThroughServiceGroupStopsAfterTheRun() async throws {
        let log = RunLog()
        let service = ScheduledSyncService(
            configuration: .init(schedule: .interval(.milliseconds(50))), logger: logger
        ) {
            log.begin()
            if log.count == 2 {
                kill(getpid(), SIGTERM)
                while !Task.isCancelled { try? await Task.sleep(for: .milliseconds(5)) }
            }
            log.end()
            return .succeeded
        }
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm], logger: logger)
        )
        try await group.run()
        #expect(log.count == 2)
        #expect(log.finishedCount == 2)
    }
}

/// The scheduler on a simulated clock: days of a cron schedule in milliseconds of test time.
@Suite struct ScheduledSyncServiceClockTests {
    /// Time passes only when the scheduler waits (it jumps to the due date) or a job says so.
    final class SimulatedClock: SchedulerClock {
        private let current: Mutex<Date>

        init(_ start: Date) {
            current = Mutex(start)
        }

        func now() -> Date { current.withLock { $0 } }

        func advance(by interval: TimeInterval) {
            current.withLock { $0 = $0.addingTimeInterval(interval) }
        }

        func sleep(until date: Date) async throws {
            await Task.yield()
            try Task.checkCancellation()
            current.withLock { $0 = max($0, date) }
        }
    }

    static func date(_ text: String) -> Date { try! Date(text, strategy: .iso8601) }

    @Test(.timeLimit(.minutes(1)))
    func aDailyCronScheduleFiresAtItsWallClockTimeAndSkipsFiresMissedByAnOverrun() async throws {
        let clock = SimulatedClock(Self.date("2026-03-01T12:00:00Z"))
        let starts = Mutex<[Date]>([])
        let schedule = try Schedule.cron("30 2 * * *", timeZone: TimeZone(identifier: "UTC")!)
        let service = ScheduledSyncService(
            configuration: .init(schedule: schedule, runAtStart: false), logger: Logger(label: "test.scheduler"), clock: clock
        ) {
            let count = starts.withLock { $0.append(clock.now()); return $0.count }
            // The second run overruns by more than a day: the next day's fire is skipped, not queued.
            if count == 2 { clock.advance(by: 26 * 3600) }
            return .succeeded
        }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await service.run() }
                while starts.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(1)) }
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
        #expect(starts.withLock { Array($0.prefix(3)) } == [
            Self.date("2026-03-02T02:30:00Z"), Self.date("2026-03-03T02:30:00Z"), Self.date("2026-03-05T02:30:00Z"),
        ])
    }
}
