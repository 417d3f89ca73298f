import Synchronization

/// Request counts of one connector since it was built.
package struct ConnectorStatistics: Sendable, Hashable {
    /// HTTP requests handed to the transport, retries included.
    package var sent: Int = 0
    /// Of those, the ones that repeated an earlier attempt.
    package var retried: Int = 0
    /// Requests that waited for the rate limiter.
    package var throttled: Int = 0

    package init(sent: Int = 0, retried: Int = 0, throttled: Int = 0) {
        self.sent = sent
        self.retried = retried
        self.throttled = throttled
    }
}

/// The shared, thread-safe tally behind ``ImportConnector/statistics``.
final class ConnectorCounters: Sendable {
    private let state = Mutex(ConnectorStatistics())

    var snapshot: ConnectorStatistics { state.withLock { $0 } }

    func record(_ update: (inout ConnectorStatistics) -> Void) {
        state.withLock { update(&$0) }
    }
}
