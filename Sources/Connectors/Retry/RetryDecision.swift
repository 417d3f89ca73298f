import HTTPTransport

/// The pure retry state machine for one logical request: fed each attempt's result, it says
/// whether to hand the response on, wait and resend, or give up, and how the give-up is to be
/// read (known not applied vs. possibly applied). The I/O that performs these actions is
/// ``VendorChannel``; this struct is tested on its own.
package struct RetryDecision: Sendable {
    /// What one attempt produced.
    package enum Attempt: Sendable, Hashable {
        case response(status: Int, retryAfter: Duration?)
        case transportFailure(code: HTTPClientError.Code, message: String)
    }

    package enum Action: Sendable, Hashable {
        /// Give the response to the vendor logic (success, or a non-retryable status it interprets).
        case deliver
        case retry(after: Duration)
        case giveUp(SendFailure)
    }

    package let policy: RetryPolicy
    package let safety: RequestSafety
    package private(set) var attempts = 0

    package init(policy: RetryPolicy, safety: RequestSafety) {
        self.policy = policy
        self.safety = safety
    }

    /// Records `attempt` and returns what to do next. `jitter` (0…1) scales the backoff; it is
    /// drawn only for a backoff (a random draw is a system call, and most attempts succeed).
    package mutating func next(after attempt: Attempt, jitter: @autoclosure () -> Double) -> Action {
        attempts += 1
        switch attempt {
        case .response(let status, let retryAfter):
            guard RetryPolicy.retryableStatuses.contains(status) else { return .deliver }
            let refusedBeforeEffect = RetryPolicy.refusedBeforeEffect(status: status, retryAfter: retryAfter)
            if !refusedBeforeEffect && safety == .nonIdempotent {
                return .giveUp(.ambiguous("HTTP \(status) to a create: it may have taken effect, not resent"))
            }
            if let retryAfter, retryAfter > policy.maxRetryAfter {
                return .giveUp(.notApplied("HTTP \(status) asked to retry after \(retryAfter), longer than the \(policy.maxRetryAfter) limit"))
            }
            return retryOrGiveUp(after: retryAfter, failure: .notApplied(exhausted("HTTP \(status)")), jitter: jitter())

        case .transportFailure(let code, let message):
            // What an administrator reads says what happened, not which libcurl callback failed
            // (curl's own words stay in the debug log of the transport).
            let meaning = Self.meaning(of: code, message)
            switch code {
            case .couldNotResolve, .couldNotConnect, .tls:
                // Nothing reached the server: resending is safe whatever the request does.
                return retryOrGiveUp(after: nil, failure: .notApplied(exhausted(meaning)), jitter: jitter())
            case .invalidRequest, .clientShutDown:
                return .giveUp(.notApplied("not sent: \(meaning)"))
            case .cancelled:
                return .giveUp(safety == .idempotent
                    ? .notApplied("the run was stopped before the vendor answered")
                    : .ambiguous("the run was stopped after the create was sent; its outcome is checked by lookup"))
            default:
                // Timed out, connection lost, answer unreadable: the server may have acted.
                guard safety == .idempotent else {
                    return .giveUp(.ambiguous("\(meaning) after the create was sent; its outcome is checked by lookup before anything is resent"))
                }
                return retryOrGiveUp(after: nil, failure: .notApplied(exhausted(meaning)), jitter: jitter())
            }
        }
    }

    /// A transport failure in plain words.
    static func meaning(of code: HTTPClientError.Code, _ message: String) -> String {
        switch code {
        case .couldNotResolve: "the vendor's host name does not resolve"
        case .couldNotConnect: "the vendor cannot be reached (connection refused or no route)"
        case .tls: "the TLS connection to the vendor failed (\(message))"
        case .timedOut: "the vendor did not answer in time"
        case .invalidRequest: "the request cannot be built (check base_url: \(message))"
        case .responseTooLarge: "the vendor's answer is larger than dirbridge accepts"
        case .clientShutDown: "dirbridge was shutting down"
        default: "the connection to the vendor was lost"
        }
    }

    private func retryOrGiveUp(after retryAfter: Duration?, failure: SendFailure, jitter: @autoclosure () -> Double) -> Action {
        guard attempts < policy.maxAttempts else { return .giveUp(failure) }
        return .retry(after: retryAfter ?? policy.backoff(beforeRetry: attempts, jitter: jitter()))
    }

    private func exhausted(_ last: String) -> String {
        attempts == 1 ? last : "\(last), gave up after \(attempts) attempts"
    }
}

/// Why a request ended without a response the vendor logic could read.
package enum SendFailure: Sendable, Hashable, Error {
    /// Known not applied, or idempotent and so safe to send again.
    case notApplied(String)
    /// May have been applied: the user must be looked up before anything is resent.
    case ambiguous(String)

    package var reason: String {
        switch self {
        case .notApplied(let reason), .ambiguous(let reason): reason
        }
    }
}
