/// How far apart runs are spaced after consecutive retryable failures.
///
/// After `n` consecutive retryable failures the next run waits at least
/// `min(nominal × multiplier^(n-1), cap)`, where `nominal` is the schedule's usual interval,
/// then takes the first scheduled fire from there. The first failure therefore keeps the normal
/// schedule; later ones skip fires. A success resets the count.
package struct BackoffPolicy: Sendable, Equatable {
    package var multiplier: Int
    /// Upper bound as a multiple of the nominal interval.
    package var capIntervals: Int
    /// Absolute upper bound, whichever is lower (but never below one nominal interval).
    package var capDuration: Duration

    /// Doubling, capped at 4 intervals or 1 hour.
    package static let standard = BackoffPolicy(multiplier: 2, capIntervals: 4, capDuration: .seconds(3600))

    package init(multiplier: Int, capIntervals: Int, capDuration: Duration) {
        self.multiplier = max(1, multiplier)
        self.capIntervals = max(1, capIntervals)
        self.capDuration = capDuration
    }

    /// The minimum wait before the next run after `consecutiveFailures` retryable failures (0 → `.zero`).
    package func delay(afterConsecutiveFailures consecutiveFailures: Int, nominal: Duration) -> Duration {
        guard consecutiveFailures > 0 else { return .zero }
        let cap = max(nominal, min(nominal * capIntervals, capDuration))
        var delay = nominal
        for _ in 1..<consecutiveFailures {
            delay = delay * multiplier
            if delay >= cap { return cap }
        }
        return min(delay, cap)
    }
}
