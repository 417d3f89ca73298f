import DirBridgeCore

/// What happened to one action at one target, as the dispatcher learns it.
package struct SnapshotOutcome: Hashable, Sendable {
    package enum Status: Hashable, Sendable {
        /// About to be sent. The record becomes `pending` and remembers the payload in flight;
        /// its applied hash, payload and vendor id stay as they were (a pending create has none).
        case pending(payload: TargetPayload, payloadHash: String)
        /// The vendor applied the action: the record takes this payload and hash and becomes
        /// `disabled` for a disable action, `active` otherwise.
        case succeeded(vendorId: VendorIdUpdate, payload: TargetPayload, payloadHash: String)
        /// The vendor refused it or the send gave up: the record becomes `failed` and keeps the
        /// last applied hash, payload and vendor id. A failed create with no record gets one with
        /// an empty hash and no vendor id, so the next plan creates it again.
        case failed(error: String)
    }

    package var anchor: Anchor
    /// The user's DN at send time; stored when the record is created or the action succeeds.
    package var dn: String
    package var action: ActionKind
    package var status: Status

    package init(anchor: Anchor, dn: String, action: ActionKind, status: Status) {
        self.anchor = anchor
        self.dn = dn
        self.action = action
        self.status = status
    }

    /// `action` is about to be sent.
    package static func pending(_ action: SyncAction) -> SnapshotOutcome {
        SnapshotOutcome(
            anchor: action.anchor, dn: action.dn, action: action.kind.recorded,
            status: .pending(payload: action.payload, payloadHash: action.payloadHash))
    }

    /// The vendor applied `action`.
    package static func succeeded(_ action: SyncAction, vendorId: VendorIdUpdate) -> SnapshotOutcome {
        SnapshotOutcome(
            anchor: action.anchor, dn: action.dn, action: action.kind.recorded,
            status: .succeeded(vendorId: vendorId, payload: action.payload, payloadHash: action.payloadHash))
    }

    /// The vendor refused `action` or the send gave up.
    package static func failed(_ action: SyncAction, error: String) -> SnapshotOutcome {
        SnapshotOutcome(anchor: action.anchor, dn: action.dn, action: action.kind.recorded, status: .failed(error: error))
    }
}

extension ActionKind {
    /// The action as a record remembers it. An adoption is the first thing dirbridge sends for
    /// the user, so its record is written as a create's (inserted, and resolved by lookup if its
    /// outcome is lost); the stored vendor id is what makes it the adopted account.
    package var recorded: ActionKind { self == .adopt ? .create : self }
}
