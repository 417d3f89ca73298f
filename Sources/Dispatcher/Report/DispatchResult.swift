/// What became of one sent action, as recorded in the store.
package enum DispatchResult: String, Hashable, Sendable, CaseIterable {
    /// Applied at the vendor; the snapshot advanced.
    case applied
    /// Refused by the vendor for this user's data; recorded `failed`, retried next run.
    case rejected
    /// Known not applied (gave up after retries, credentials refused); recorded `failed`.
    case failed
    /// May or may not have taken effect; left `pending` for the next run's resolver.
    case unknown
}
