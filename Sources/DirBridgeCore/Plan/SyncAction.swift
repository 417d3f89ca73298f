/// One planned change for one user at one target.
public struct SyncAction: Hashable, Sendable {
    public var kind: ActionKind
    public var anchor: Anchor
    public var dn: String
    /// The vendor's id from the snapshot: required by updates, re-imports and disables at
    /// vendors that address users by id (Aria Operations re-import, Forms On Fire PUT, …).
    public var vendorId: String?
    /// The full managed field set to send (for `disable`, the last payload sent).
    public var payload: TargetPayload
    public var payloadHash: String
    public var changes: [FieldChange]

    public init(
        kind: ActionKind, anchor: Anchor, dn: String, vendorId: String?, payload: TargetPayload,
        payloadHash: String, changes: [FieldChange]
    ) {
        self.kind = kind
        self.anchor = anchor
        self.dn = dn
        self.vendorId = vendorId
        self.payload = payload
        self.payloadHash = payloadHash
        self.changes = changes
    }
}
