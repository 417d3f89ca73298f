import Synchronization

/// Handed to each scheduled run: becomes `true` once a graceful shutdown (SIGTERM/SIGINT via the
/// ServiceGroup) is requested. The run should stop starting new batches, finish the ones in flight,
/// record their outcomes and return; it is not cancelled.
public final class ShutdownSignal: Sendable {
    private let requested = Atomic<Bool>(false)

    public init() {}

    /// Whether the process is shutting down; check it before starting each unit of work.
    public var isRequested: Bool { requested.load(ordering: .acquiring) }

    /// Marks shutdown as requested (the service does this from the graceful-shutdown handler).
    public func request() { requested.store(true, ordering: .releasing) }
}
