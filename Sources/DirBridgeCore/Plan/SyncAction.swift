/// One planned change for one user at one target.
///
/// A first sync plans one per user and target (half a million for 100,000 users and five
/// targets), so an action is kept small: its payload hash inline, a mapped create's payload as
/// a position among users shared by the whole plan, and what few actions carry (field changes,
/// an adoption's match) behind one reference.
package struct SyncAction: Hashable, Sendable {
    package var kind: ActionKind
    package var anchor: Anchor
    package var dn: String
    /// The vendor's id from the snapshot: required by updates, re-imports and disables at
    /// vendors that address users by id (Aria Operations re-import, Forms On Fire PUT, …).
    package var vendorId: String?
    private var payloadSource: PayloadSource
    private var digest: PayloadDigest
    private var details: Details?

    /// Field changes and an adoption's match: absent from a first sync's creates.
    private final class Details: Sendable {
        let match: AccountMatch?
        /// nil: every payload field is new (a create with nothing stored).
        let changes: [FieldChange]?

        init(match: AccountMatch?, changes: [FieldChange]?) {
            self.match = match
            self.changes = changes
        }

        static func make(match: AccountMatch?, changes: [FieldChange]?) -> Details? {
            match == nil && changes == nil ? nil : Details(match: match, changes: changes)
        }
    }

    /// `changes` nil means every payload field is new.
    package init(
        kind: ActionKind, anchor: Anchor, dn: String, vendorId: String?, payload: TargetPayload,
        payloadHash: String, changes: [FieldChange]?
    ) {
        self.init(
            kind: kind, anchor: anchor, dn: dn, vendorId: vendorId, payloadSource: .held(payload),
            payloadHash: PayloadDigest(hex: payloadHash), changes: changes)
    }

    /// An action whose payload may be mapped when read (see ``materialized()``) rather than held.
    init(
        kind: ActionKind, anchor: Anchor, dn: String, vendorId: String?, payloadSource: PayloadSource,
        payloadHash: PayloadDigest, changes: [FieldChange]?
    ) {
        self.kind = kind
        self.anchor = anchor
        self.dn = dn
        self.vendorId = vendorId
        self.payloadSource = payloadSource
        digest = payloadHash
        details = Details.make(match: nil, changes: changes)
    }

    /// Where the payload comes from. A first sync plans a create per user and target: holding
    /// every payload would make the plan several times the size of the directory, so creates
    /// map theirs again when needed (mapping is pure: it is the payload that was hashed).
    enum PayloadSource: Sendable {
        case held(TargetPayload)
        case mapped(MappedUsers, Int)

        var payload: TargetPayload {
            switch self {
            case .held(let payload): payload
            case .mapped(let users, let index): users.payload(at: index)
            }
        }
    }

    /// The hash of `payload`, lowercase hex as the snapshot stores it.
    package var payloadHash: String {
        get { digest.hex }
        set { digest = PayloadDigest(hex: newValue) }
    }

    /// For an `adopt`: how the existing account was found.
    package var match: AccountMatch? {
        get { details?.match }
        set { details = Details.make(match: newValue, changes: details?.changes) }
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
            if let listed = details?.changes { return listed }
            let fields = payload.fields
            return fields.keys.sorted().map { FieldChange(field: $0, old: nil, new: fields[$0]) }
        }
        set { details = Details.make(match: details?.match, changes: newValue) }
    }

    package static func == (lhs: SyncAction, rhs: SyncAction) -> Bool {
        lhs.kind == rhs.kind && lhs.anchor == rhs.anchor && lhs.dn == rhs.dn && lhs.vendorId == rhs.vendorId
            && lhs.payload == rhs.payload && lhs.digest == rhs.digest && lhs.changes == rhs.changes
            && lhs.match == rhs.match
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(anchor)
        hasher.combine(digest)
    }
}
