/// A token bucket: `requestsPerSecond` on average, up to `burst` back to back.
package struct RateLimit: Sendable, Hashable {
    package var requestsPerSecond: Double
    package var burst: Int

    package init(requestsPerSecond: Double, burst: Int = 1) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = burst
    }
}
