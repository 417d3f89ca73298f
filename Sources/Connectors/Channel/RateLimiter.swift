import Synchronization

/// A ``TokenBucket`` shared by every request of one target.
final class RateLimiter: Sendable {
    private let bucket: Mutex<TokenBucket>
    private let clock = ContinuousClock()
    private let origin: ContinuousClock.Instant

    init(_ limit: RateLimit) {
        bucket = Mutex(TokenBucket(limit))
        origin = clock.now
    }

    /// Waits for a token; returns whether the caller had to wait.
    func acquire() async -> Bool {
        let elapsed = origin.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let wait = bucket.withLock { $0.reserve(at: seconds) }
        guard wait > 0 else { return false }
        try? await Task.sleep(for: .seconds(wait))
        return true
    }
}
