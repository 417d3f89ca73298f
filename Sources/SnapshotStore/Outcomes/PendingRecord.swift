import DirBridgeCore

/// A record whose last action was sent with an unknown outcome, with the payload that was in
/// flight, so the dispatcher can look the user up at the vendor (even one who has since left the
/// directory) and record the real outcome before anything is re-sent.
package struct PendingRecord: Hashable, Sendable {
    /// The last applied state (with its payload, if any); `state` is `pending` and
    /// `lastAction` the action in flight.
    package var record: SnapshotRecord
    /// The action in flight (also `record.lastAction`).
    package var action: ActionKind
    package var inFlightPayload: TargetPayload
    package var inFlightPayloadHash: String

    package init(record: SnapshotRecord, action: ActionKind, inFlightPayload: TargetPayload, inFlightPayloadHash: String) {
        self.record = record
        self.action = action
        self.inFlightPayload = inFlightPayload
        self.inFlightPayloadHash = inFlightPayloadHash
    }
}
