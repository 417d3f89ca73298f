/// Bounded retries with exponential backoff and full jitter
/// (delay = random(0 … min(maxDelay, baseDelay · 2^(retry−1)))).
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included; 1 means never retry.
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// A `Retry-After` longer than this is not waited for: the request fails and the next run retries.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Statuses the vendors document as transient.
    public static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// Statuses that say the server refused before acting (timeout waiting for the request,
    /// rate limit, unavailable): resending even a create is safe.
    static let refusedBeforeEffectStatuses: Set<Int> = [408, 429, 503]

    /// The wait before retry number `retry` (1-based); `jitter` in 0…1 comes from the caller's random source.
    public func backoff(beforeRetry retry: Int, jitter: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * min(max(jitter, 0), 1)
    }
}

/// Whether sending a request twice has the same effect as sending it once.
public enum RequestSafety: Sendable, Hashable {
    /// PUT, DELETE, GET, Sertica's import by UserNo, imports that carry the vendor id.
    case idempotent
    /// A create: a second copy may create a second user.
    case nonIdempotent
}
