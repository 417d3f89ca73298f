import DirBridgeCore

/// Told what a dispatch is doing, for terminal progress and metrics: the size of each target's
/// plan once it is about to be sent, then every outcome once it is durable in the store.
///
/// Called concurrently from several targets and batches; implementations must be cheap,
/// thread-safe and non-blocking.
package protocol DispatchObserver: Sendable {
    /// `target` starts sending `actions` actions (after the safety check passed).
    func willSend(target: String, actions: Int)
    func didRecord(target: String, action: ActionKind, result: DispatchResult)
}

extension DispatchObserver {
    package func willSend(target: String, actions: Int) {}
}
