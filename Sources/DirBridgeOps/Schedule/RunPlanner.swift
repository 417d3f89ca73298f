import Foundation

/// Pure decision of when the next run fires, given the last fire time and the run's result.
/// Kept apart from the service so overrun skipping and backoff are tested without sleeping.
package struct RunPlanner: Sendable {
    package let schedule: Schedule
    package let backoff: BackoffPolicy
    package private(set) var consecutiveFailures = 0

    package struct Decision: Sendable, Equatable {
        /// When the next run starts; nil if the schedule never fires again.
        package var fireDate: Date?
        /// Scheduled fires passed over: by an overrunning run, or by the backoff.
        package var skippedFires: Int
        /// The minimum wait imposed by the backoff (`.zero` when not backing off).
        package var backoff: Duration

        package init(fireDate: Date?, skippedFires: Int, backoff: Duration) {
            self.fireDate = fireDate
            self.skippedFires = skippedFires
            self.backoff = backoff
        }
    }

    package init(schedule: Schedule, backoff: BackoffPolicy = .standard) {
        self.schedule = schedule
        self.backoff = backoff
    }

    /// The next fire after a run that was due at `previousFire` and finished at `finishedAt`.
    /// Fires that passed while the run was still going are skipped, never queued.
    package mutating func next(after result: RunResult, previousFire: Date, finishedAt: Date) -> Decision {
        switch result {
        // A standby tick resets the backoff too: the instance is healthy, and must be on time to
        // take over when the lock holder goes.
        case .succeeded, .standby: consecutiveFailures = 0
        case .failed(_, retryable: true): consecutiveFailures += 1
        case .failed(_, retryable: false): break
        }
        var wait = Duration.zero
        if consecutiveFailures > 0, let nominal = schedule.nominalInterval(near: finishedAt) {
            wait = backoff.delay(afterConsecutiveFailures: consecutiveFailures, nominal: nominal)
        }
        let earliest = max(finishedAt, previousFire.addingTimeInterval(wait.timeInterval))
        var skipped = 0
        var candidate = schedule.nextFireDate(after: previousFire)
        while let date = candidate, date < earliest || date <= finishedAt {
            skipped += 1
            candidate = schedule.nextFireDate(after: date)
        }
        return Decision(fireDate: candidate, skippedFires: skipped, backoff: wait)
    }

    /// The first fire when the service starts: now, or the schedule's next fire after now.
    package func first(now: Date, runAtStart: Bool) -> Date? {
        runAtStart ? now : schedule.nextFireDate(after: now)
    }
}
