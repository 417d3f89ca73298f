@testable import Connectors
import Testing

@Suite struct TokenBucketTests {
    @Test func allowsTheBurstThenSpacesRequestsAtTheRate() {
        var bucket = TokenBucket(RateLimit(requestsPerSecond: 10, burst: 2))
        #expect(bucket.reserve(at: 0) == 0)
        #expect(bucket.reserve(at: 0) == 0)
        #expect(abs(bucket.reserve(at: 0) - 0.1) < 1e-9)
        #expect(abs(bucket.reserve(at: 0) - 0.2) < 1e-9)  // queued behind the previous reservation
    }

    @Test func refillsOverTimeUpToTheBurst() {
        var bucket = TokenBucket(RateLimit(requestsPerSecond: 2, burst: 3))
        for _ in 0..<3 { _ = bucket.reserve(at: 0) }
        #expect(bucket.reserve(at: 100) == 0)  // long idle: full again, but never above the burst
        #expect(bucket.reserve(at: 100) == 0)
        #expect(bucket.reserve(at: 100) == 0)
        #expect(abs(bucket.reserve(at: 100) - 0.5) < 1e-9)
    }
}
