@testable import Connectors
import HTTPTransport
import Testing

@Suite struct RetryDecisionTests {
    let policy = RetryPolicy(maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(10), maxRetryAfter: .seconds(60))

    @Test func deliversSuccessAndNonRetryableStatusesAtOnce() {
        for status in [200, 201, 400, 401, 403, 404, 409, 422, 501] {
            var decision = RetryDecision(policy: policy, safety: .nonIdempotent)
            #expect(decision.next(after: .response(status: status, retryAfter: nil), jitter: 1) == .deliver, "status \(status)")
        }
    }

    /// A random draw is a system call: an answer delivered, or a wait the vendor set, takes none.
    @Test func drawsJitterOnlyForABackoff() {
        var draws = 0
        func jitter() -> Double {
            draws += 1
            return 1
        }
        var delivered = RetryDecision(policy: policy, safety: .idempotent)
        #expect(delivered.next(after: .response(status: 200, retryAfter: nil), jitter: jitter()) == .deliver)
        var decision = RetryDecision(policy: policy, safety: .idempotent)
        #expect(decision.next(after: .response(status: 429, retryAfter: .seconds(3)), jitter: jitter()) == .retry(after: .seconds(3)))
        #expect(draws == 0)
        #expect(decision.next(after: .response(status: 503, retryAfter: nil), jitter: jitter()) == .retry(after: .seconds(2)))
        #expect(draws == 1)
    }

    @Test func retriesRefusalsWithFullJitterBackoffThenGivesUpAsNotApplied() {
        var decision = RetryDecision(policy: policy, safety: .nonIdempotent)
        #expect(decision.next(after: .response(status: 429, retryAfter: nil), jitter: 0.5) == .retry(after: .milliseconds(500)))
        #expect(decision.next(after: .response(status: 408, retryAfter: nil), jitter: 1) == .retry(after: .seconds(2)))
        let last = decision.next(after: .response(status: 408, retryAfter: nil), jitter: 1)
        guard case .giveUp(.notApplied(let reason)) = last else {
            Issue.record("expected notApplied, got \(last)")
            return
        }
        #expect(reason.contains("HTTP 408") && reason.contains("3 attempts"))
    }

    @Test func backoffIsCappedAtMaxDelay() {
        #expect(policy.backoff(beforeRetry: 10, jitter: 1) == .seconds(10))
        #expect(policy.backoff(beforeRetry: 3, jitter: 0) == .zero)
        #expect(policy.backoff(beforeRetry: 3, jitter: 1) == .seconds(4))
    }

    @Test func honoursRetryAfterWithinTheLimit() {
        var decision = RetryDecision(policy: policy, safety: .idempotent)
        #expect(decision.next(after: .response(status: 429, retryAfter: .seconds(7)), jitter: 0.1) == .retry(after: .seconds(7)))
        var tooLong = RetryDecision(policy: policy, safety: .idempotent)
        guard case .giveUp(.notApplied) = tooLong.next(after: .response(status: 503, retryAfter: .seconds(3600)), jitter: 0) else {
            Issue.record("a Retry-After beyond the limit must fail the request, not block the run")
            return
        }
    }

    /// A bare 503 included: an overloaded server or a gateway also answers it after the backend applied the request.
    @Test func serverErrorsOnACreateAreAmbiguousAndNeverResent() {
        for status in [500, 502, 503, 504] {
            var decision = RetryDecision(policy: policy, safety: .nonIdempotent)
            guard case .giveUp(.ambiguous) = decision.next(after: .response(status: status, retryAfter: nil), jitter: 0) else {
                Issue.record("HTTP \(status) on a create must be ambiguous")
                continue
            }
            var idempotent = RetryDecision(policy: policy, safety: .idempotent)
            #expect(idempotent.next(after: .response(status: status, retryAfter: nil), jitter: 0) == .retry(after: .zero))
        }
    }

    @Test func a503WithRetryAfterIsADeliberateRefusalSoEvenACreateIsResent() {
        var decision = RetryDecision(policy: policy, safety: .nonIdempotent)
        #expect(decision.next(after: .response(status: 503, retryAfter: .zero), jitter: 1) == .retry(after: .zero))
        var bare = RetryDecision(policy: policy, safety: .nonIdempotent)
        guard case .giveUp(.ambiguous) = bare.next(after: .response(status: 503, retryAfter: nil), jitter: 1) else {
            Issue.record("a 503 without Retry-After to a create may hide an applied request")
            return
        }
    }

    @Test func connectFailuresAreRetriedEvenForCreates() {
        var decision = RetryDecision(policy: policy, safety: .nonIdempotent)
        let refused = RetryDecision.Attempt.transportFailure(code: .couldNotConnect, message: "refused")
        #expect(decision.next(after: refused, jitter: 1) == .retry(after: .seconds(1)))
        #expect(decision.next(after: .transportFailure(code: .couldNotResolve, message: "nx"), jitter: 1) == .retry(after: .seconds(2)))
        guard case .giveUp(.notApplied) = decision.next(after: refused, jitter: 1) else {
            Issue.record("exhausted connect failures are known not applied")
            return
        }
        #expect(decision.attempts == 3)
    }

    @Test func timeoutAfterSendingACreateIsAmbiguousButIdempotentRequestsRetry() {
        for code in [HTTPClientError.Code.timedOut, .transport, .responseTooLarge] {
            var create = RetryDecision(policy: policy, safety: .nonIdempotent)
            guard case .giveUp(.ambiguous) = create.next(after: .transportFailure(code: code, message: "x"), jitter: 0) else {
                Issue.record("\(code) after a create must be ambiguous")
                continue
            }
            var update = RetryDecision(policy: policy, safety: .idempotent)
            #expect(update.next(after: .transportFailure(code: code, message: "x"), jitter: 0) == .retry(after: .zero))
        }
    }

    @Test func requestsNeverSentAreNotRetried() {
        var decision = RetryDecision(policy: policy, safety: .nonIdempotent)
        guard case .giveUp(.notApplied) = decision.next(after: .transportFailure(code: .invalidRequest, message: "bad url"), jitter: 0) else {
            Issue.record("an invalid request is not applied and retrying cannot help")
            return
        }
    }
}
