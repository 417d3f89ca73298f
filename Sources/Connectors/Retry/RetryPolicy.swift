/// Bounded retries with exponential backoff and full jitter
/// (delay = random(0 … min(maxDelay, baseDelay · 2^(retry−1)))).
package struct RetryPolicy: Sendable, Hashable {
    /// Attempts in total, the first included; 1 means never retry.
    package var maxAttempts: Int
    package var baseDelay: Duration
    package var maxDelay: Duration
    /// A `Retry-After` longer than this is not waited for: the request fails and the next run retries.
    package var maxRetryAfter: Duration

    package init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Statuses the vendors document as transient.
    package static let retryableStatuses: Set<Int> = [408, 429, 500, 502, 503, 504]

    /// Whether a retryable status says the server refused before acting, so that resending even
    /// a create is safe: 408 (the request never fully arrived), 429 (rate limit), and 503 only
    /// with `Retry-After` (the server deliberately asks to come back later). A bare 503 is what
    /// gateways and overloaded servers also answer after the backend applied the request (the
    /// simulator's "apply then fail"), so for a create it is ambiguous and resolved by lookup.
    static func refusedBeforeEffect(status: Int, retryAfter: Duration?) -> Bool {
        status == 408 || status == 429 || (status == 503 && retryAfter != nil)
    }

    /// The wait before retry number `retry` (1-based); `jitter` in 0…1 comes from the caller's random source.
    package func backoff(beforeRetry retry: Int, jitter: Double) -> Duration {
        let exponent = min(max(retry - 1, 0), 30)
        let ceiling = min(maxDelay, baseDelay * (1 << exponent))
        return ceiling * min(max(jitter, 0), 1)
    }
}

/// Whether sending a request twice has the same effect as sending it once.
package enum RequestSafety: Sendable, Hashable {
    /// PUT, DELETE, GET, Sertica's import by UserNo, imports that carry the vendor id.
    case idempotent
    /// A create: a second copy may create a second user.
    case nonIdempotent
}
