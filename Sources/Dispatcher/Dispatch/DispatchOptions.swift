import DirBridgeCore

/// How one target's plan is sent.
package struct DispatchOptions: Hashable, Sendable {
    /// Batches in flight at once for this target (at least 1).
    package var concurrency: Int
    /// Send a plan the safety policy blocked (`sync --force`).
    package var force: Bool
    /// Rounds within the run that settle what the first send left open: unknown outcomes are
    /// looked up and what is proven absent is sent again, failures are retried, existing accounts
    /// are adopted. 0 leaves all of it to the next run. Four rounds in a row that apply nothing
    /// end them early: a vendor that is down is not hammered.
    package var followUpRounds: Int
    /// Whether an account the vendor already holds under a user's key is taken over.
    package var adoption: AdoptionPolicy
    /// The wait before the first follow-up round; it doubles each round, up to eight times this.
    package var followUpDelay: Duration

    /// Batches in flight enough to keep `window` requests in flight when each batch has
    /// `requestsPerBatch` at once: one more when a batch is one request; twice as many when it is
    /// several, whose last requests finish one by one (and batches started together tail off
    /// together). More would only wait for the window, a task per request: a single-user vendor's
    /// 32 batches of 50 users were a thousand tasks parked at a window of 32.
    package static func batchesToFill(window: Int, requestsPerBatch: Int) -> Int {
        let perBatch = max(1, requestsPerBatch)
        let filling = (max(1, window) + perBatch - 1) / perBatch
        return perBatch == 1 ? filling + 1 : 2 * filling
    }

    package init(
        concurrency: Int = 4, force: Bool = false, followUpRounds: Int = 6, followUpDelay: Duration = .seconds(1),
        adoption: AdoptionPolicy = .match
    ) {
        self.adoption = adoption
        self.concurrency = max(1, concurrency)
        self.force = force
        self.followUpRounds = max(0, followUpRounds)
        self.followUpDelay = max(.zero, followUpDelay)
    }
}
