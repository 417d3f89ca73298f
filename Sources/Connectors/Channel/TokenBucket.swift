/// Pure token-bucket arithmetic; time is passed in (seconds from any fixed origin) so it can
/// be tested without a clock. A reservation may drive the bucket negative: callers queue up
/// behind each other instead of racing for the next token.
package struct TokenBucket: Sendable, Hashable {
    package let rate: Double
    package let capacity: Double
    private var tokens: Double
    private var lastRefill: Double?

    package init(_ limit: RateLimit) {
        rate = limit.requestsPerSecond
        capacity = Double(max(limit.burst, 1))
        tokens = capacity
    }

    /// Takes one token at `now` and returns how many seconds the caller must wait before sending.
    package mutating func reserve(at now: Double) -> Double {
        if let lastRefill {
            tokens = min(capacity, tokens + max(0, now - lastRefill) * rate)
        }
        lastRefill = now
        tokens -= 1
        return tokens >= 0 ? 0 : -tokens / rate
    }
}
