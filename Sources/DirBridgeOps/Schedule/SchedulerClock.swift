import Foundation

/// Where the scheduler reads the time and waits: the system clock in production, a simulated
/// one in tests, so a daily cron schedule can be proven over days without waiting for them.
package protocol SchedulerClock: Sendable {
    func now() -> Date
    /// Returns once `date` has come; throws when the task is cancelled.
    func sleep(until date: Date) async throws
}

/// Wall-clock time: `Date()` and `Task.sleep`.
package struct SystemSchedulerClock: SchedulerClock {
    package init() {}

    package func now() -> Date { Date() }

    package func sleep(until date: Date) async throws {
        let delay = date.timeIntervalSinceNow
        if delay > 0 { try await Task.sleep(for: .seconds(delay)) }
    }
}
