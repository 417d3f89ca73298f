/// How one target's plan is sent.
public struct DispatchOptions: Hashable, Sendable {
    /// Batches in flight at once for this target (at least 1).
    public var concurrency: Int
    /// Send a plan the safety policy blocked (`sync --force`).
    public var force: Bool

    public init(concurrency: Int = 4, force: Bool = false) {
        self.concurrency = max(1, concurrency)
        self.force = force
    }
}
