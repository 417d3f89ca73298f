import DirBridgeOps
import Foundation
import Testing

@Suite struct RunPlannerTests {
    let start = Date(timeIntervalSince1970: 1_800_000_000)

    func at(_ seconds: Double) -> Date { start.addingTimeInterval(seconds) }

    @Test func successKeepsTheGrid() {
        var planner = RunPlanner(schedule: .interval(.seconds(60)))
        let decision = planner.next(after: .succeeded, previousFire: start, finishedAt: at(10))
        #expect(decision == .init(fireDate: at(60), skippedFires: 0, backoff: .zero))
    }

    @Test func overrunSkipsMissedFiresInsteadOfQueueing() {
        var planner = RunPlanner(schedule: .interval(.seconds(60)))
        let decision = planner.next(after: .succeeded, previousFire: start, finishedAt: at(130))
        #expect(decision.fireDate == at(180))
        #expect(decision.skippedFires == 2)
    }

    @Test func finishingExactlyOnAFireSkipsIt() {
        var planner = RunPlanner(schedule: .interval(.seconds(60)))
        #expect(planner.next(after: .succeeded, previousFire: start, finishedAt: at(60)).fireDate == at(120))
    }

    @Test func retryableFailuresBackOffExponentiallyUpToTheCapAndResetOnSuccess() {
        var planner = RunPlanner(schedule: .interval(.seconds(60)))
        var fire = start
        var gaps: [TimeInterval] = []
        for _ in 0..<5 {
            let decision = planner.next(after: .failed(reason: "directory down", retryable: true), previousFire: fire, finishedAt: fire.addingTimeInterval(1))
            let next = decision.fireDate!
            gaps.append(next.timeIntervalSince(fire))
            fire = next
        }
        #expect(gaps == [60, 120, 240, 240, 240])
        #expect(planner.consecutiveFailures == 5)
        let afterSuccess = planner.next(after: .succeeded, previousFire: fire, finishedAt: fire.addingTimeInterval(1))
        #expect(afterSuccess.fireDate == fire.addingTimeInterval(60))
        #expect(planner.consecutiveFailures == 0)
    }

    @Test func nonRetryableFailureKeepsTheNormalSchedule() {
        var planner = RunPlanner(schedule: .interval(.seconds(60)))
        for _ in 0..<3 {
            let decision = planner.next(after: .failed(reason: "safety stop", retryable: false), previousFire: start, finishedAt: at(1))
            #expect(decision.fireDate == at(60))
            #expect(decision.backoff == .zero)
        }
    }

    @Test func backoffIsCappedAtOneHourForLongIntervals() {
        let policy = BackoffPolicy.standard
        let nominal = Duration.seconds(30 * 60)
        #expect(policy.delay(afterConsecutiveFailures: 0, nominal: nominal) == .zero)
        #expect(policy.delay(afterConsecutiveFailures: 1, nominal: nominal) == nominal)
        #expect(policy.delay(afterConsecutiveFailures: 2, nominal: nominal) == .seconds(3600))
        #expect(policy.delay(afterConsecutiveFailures: 50, nominal: nominal) == .seconds(3600))
        // Never below one interval, even when the interval exceeds the absolute cap.
        #expect(policy.delay(afterConsecutiveFailures: 3, nominal: .seconds(7200)) == .seconds(7200))
    }

    @Test func cronBackoffLandsOnCronFires() throws {
        let schedule = try Schedule.cron("*/15 * * * *", timeZone: .gmt)
        var planner = RunPlanner(schedule: schedule)
        let fire = Date(timeIntervalSince1970: 1_800_000_000 - 1_800_000_000.truncatingRemainder(dividingBy: 900))
        _ = planner.next(after: .failed(reason: "x", retryable: true), previousFire: fire, finishedAt: fire.addingTimeInterval(5))
        let second = planner.next(after: .failed(reason: "x", retryable: true), previousFire: fire, finishedAt: fire.addingTimeInterval(5))
        #expect(second.fireDate == fire.addingTimeInterval(1800))
        #expect(second.skippedFires == 1)
    }

    @Test func firstFireRunsAtStartOrWaits() {
        let planner = RunPlanner(schedule: .interval(.seconds(60)))
        #expect(planner.first(now: start, runAtStart: true) == start)
        #expect(planner.first(now: start, runAtStart: false) == at(60))
    }
}
