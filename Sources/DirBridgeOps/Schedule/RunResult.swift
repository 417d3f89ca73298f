/// What one scheduled run reports back to ``ScheduledSyncService``.
package enum RunResult: Sendable, Equatable {
    /// The run completed; any backoff is reset.
    case succeeded
    /// The run failed. `retryable` means a transient outage (directory or a target down, timeouts):
    /// the next runs back off. A non-retryable failure (bad config, safety stop) keeps the normal schedule.
    case failed(reason: String, retryable: Bool)
}
