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
    /// nil: every payload field is new (a create with nothing stored). A first sync plans a
    /// create per user and target; holding that list beside the payload would double the plan.
    private var listedChanges: [FieldChange]?

    /// `changes` nil means every payload field is new.
    public init(
        kind: ActionKind, anchor: Anchor, dn: String, vendorId: String?, payload: TargetPayload,
        payloadHash: String, changes: [FieldChange]?
    ) {
        self.kind = kind
        self.anchor = anchor
        self.dn = dn
        self.vendorId = vendorId
        self.payload = payload
        self.payloadHash = payloadHash
        listedChanges = changes
    }

    /// Field-level differences from the stored payload, by field name.
    public var changes: [FieldChange] {
        get {
            listedChanges ?? payload.fields.keys.sorted().map { FieldChange(field: $0, old: nil, new: payload.fields[$0]) }
        }
        set { listedChanges = newValue }
    }

    public static func == (lhs: SyncAction, rhs: SyncAction) -> Bool {
        lhs.kind == rhs.kind && lhs.anchor == rhs.anchor && lhs.dn == rhs.dn && lhs.vendorId == rhs.vendorId
            && lhs.payload == rhs.payload && lhs.payloadHash == rhs.payloadHash && lhs.changes == rhs.changes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(anchor)
        hasher.combine(payloadHash)
    }
}
