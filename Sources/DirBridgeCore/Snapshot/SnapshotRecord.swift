import Foundation

/// The stored knowledge about one user at one target.
///
/// `payload` is optional because a no-change plan loads only hashes: the stored payload is
/// fetched for the users whose hash differs, to compute field-level changes.
public struct SnapshotRecord: Hashable, Sendable {
    public var target: String
    public var anchor: Anchor
    public var dn: String
    public var vendorId: String?
    public var payloadHash: String
    public var payload: TargetPayload?
    public var state: RecordState
    /// The action that was in flight when the record became `pending` or `failed`.
    public var lastAction: ActionKind?
    public var lastError: String?
    public var createdAt: Date
    public var updatedAt: Date

    public init(
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
