import DirBridgeCore

/// Told about every outcome once it is durable in the store: terminal progress, metrics.
///
/// Called concurrently from several targets and batches; implementations must be cheap and
/// thread-safe, and must not block.
public protocol DispatchObserver: Sendable {
    func didRecord(target: String, action: ActionKind, result: DispatchResult)
}
