import Foundation

/// The stored knowledge about one user at one target.
///
/// `payload` is optional because a no-change plan loads only hashes: the stored payload is
/// fetched for the users whose hash differs, to compute field-level changes.
package struct SnapshotRecord: Hashable, Sendable {
    package var target: String
    package var anchor: Anchor
    package var dn: String
    package var vendorId: String?
    package var payloadHash: String
    package var payload: TargetPayload?
    package var state: RecordState
    /// The action that was in flight when the record became `pending` or `failed`.
    package var lastAction: ActionKind?
    package var lastError: String?
    package var createdAt: Date
    package var updatedAt: Date

    package init(
        target: String, anchor: Anchor, dn: String, vendorId: String?, payloadHash: String,
        payload: TargetPayload?, state: RecordState, lastAction: ActionKind? = nil, lastError: String? = nil,
        createdAt: Date, updatedAt: Date
    ) {
        self.target = target
        self.anchor = anchor
        self.dn = dn
        self.vendorId = vendorId
        self.payloadHash = payloadHash
        self.payload = payload
        self.state = state
        self.lastAction = lastAction
        self.lastError = lastError
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}
