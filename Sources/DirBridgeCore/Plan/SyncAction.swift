/// One planned change for one user at one target.
package struct SyncAction: Hashable, Sendable {
    package var kind: ActionKind
    package var anchor: Anchor
    package var dn: String
    /// The vendor's id from the snapshot: required by updates, re-imports and disables at
    /// vendors that address users by id (Aria Operations re-import, Forms On Fire PUT, …).
    package var vendorId: String?
    private var payloadSource: PayloadSource
    package var payloadHash: String
    /// For an `adopt`: how the existing account was found.
    package var match: AccountMatch?
    /// nil: every payload field is new (a create with nothing stored). A first sync plans a
    /// create per user and target; holding that list beside the payload would double the plan.
    private var listedChanges: [FieldChange]?

    /// `changes` nil means every payload field is new.
    package init(
        kind: ActionKind, anchor: Anchor, dn: String, vendorId: String?, payload: TargetPayload,
        payloadHash: String, changes: [FieldChange]?
    ) {
        self.init(
            kind: kind, anchor: anchor, dn: dn, vendorId: vendorId, payloadSource: .held(payload),
            payloadHash: payloadHash, changes: changes)
    }

    /// An action whose payload may be mapped when read (see ``materialized()``) rather than held.
    init(
        kind: ActionKind, anchor: Anchor, dn: String, vendorId: String?, payloadSource: PayloadSource,
        payloadHash: String, changes: [FieldChange]?
    ) {
        self.kind = kind
        self.anchor = anchor
        self.dn = dn
        self.vendorId = vendorId
        self.payloadSource = payloadSource
        self.payloadHash = payloadHash
        listedChanges = changes
    }

    /// Where the payload comes from. A first sync plans a create per user and target: holding
    /// every payload would make the plan several times the size of the directory, so creates
    /// map theirs again when needed (mapping is pure: it is the payload that was hashed).
    enum PayloadSource: Sendable {
        case held(TargetPayload)
        case mapped(DirectoryUser, Mapper)

        var payload: TargetPayload {
            switch self {
            case .held(let payload): payload
            case .mapped(let user, let mapper): mapper.preparedPayload(of: user)
            }
        }
    }

    /// The full managed field set to send (for `disable`, the last payload sent).
    package var payload: TargetPayload {
        get { payloadSource.payload }
        set { payloadSource = .held(newValue) }
    }

    /// The same action holding its payload: for the batch about to be sent, whose payload is
    /// read several times (pending mark, request, recorded outcome).
    package func materialized() -> SyncAction {
        guard case .mapped = payloadSource else { return self }
        var copy = self
        copy.payloadSource = .held(payload)
        return copy
    }

    /// Field-level differences from the stored payload, by field name.
    package var changes: [FieldChange] {
        get {
            if let listedChanges { return listedChanges }
            let fields = payload.fields
            return fields.keys.sorted().map { FieldChange(field: $0, old: nil, new: fields[$0]) }
        }
        set { listedChanges = newValue }
    }

    package static func == (lhs: SyncAction, rhs: SyncAction) -> Bool {
        lhs.kind == rhs.kind && lhs.anchor == rhs.anchor && lhs.dn == rhs.dn && lhs.vendorId == rhs.vendorId
            && lhs.payload == rhs.payload && lhs.payloadHash == rhs.payloadHash && lhs.changes == rhs.changes
            && lhs.match == rhs.match
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(anchor)
        hasher.combine(payloadHash)
    }
}
