/// What one scheduled run reports back to ``ScheduledSyncService``.
package enum RunResult: Sendable, Equatable {
    /// The run completed; any backoff is reset.
    case succeeded
    /// The run failed. `retryable` means a transient outage (directory or a target down, timeouts):
    /// the next runs back off. A non-retryable failure (bad config, safety stop) keeps the normal schedule.
    case failed(reason: String, retryable: Bool)
    /// Another instance holds the store's run lock and syncs (active/standby daemons on a shared
    /// store; `reason` names the holder): nothing was tried, nothing failed. The schedule goes on unchanged, so this standby
    /// takes over at its next tick once the holder is gone.
    case standby(reason: String)
}
