/// The diff engine's comparison of one target's snapshot with the prepared users, fed one
/// record at a time.
///
/// Records are classified as they arrive and only those an action is planned for are kept:
/// however large the snapshot, a plan holds the directory and its changes, never a second copy
/// of every user (the store streams its rows into `add`). Built with the users first, because
/// a record can only be judged against the user with its anchor.
///
/// Rules, per anchor:
/// - enabled user, no record → `create`.
/// - enabled user, `active` record → `update` when the payload hash or the DN changed (a rename
///   keeps its anchor, so it is an update, never a delete + create; a DN-only change is still
///   planned so the snapshot's DN follows the directory).
/// - enabled user, `disabled` record → `reimport` with the stored vendor id.
/// - disabled or vanished user, `active` record → `disable` (nothing under `.ignore`).
/// - `pending` / `failed` records are always retried, whatever the hashes say: the stored hash
///   is the last payload the vendor *confirmed*, so equality proves nothing about an action whose
///   outcome is unknown or refused. With the user enabled, `lastAction` tells what was in
///   flight: a create stays a `create` (the dispatcher resolves it by vendor lookup before
///   sending, so nobody is created twice), an update stays an `update`, and an unfinished
///   reimport or disable becomes a `reimport` (full payload with the stored id brings the
///   account to the wanted state either way). With the user disabled or gone, any unfinished
///   record is planned as `disable`: the vendor may hold the account, and a leaver must not keep it.
/// - rejected users (mapping or schema) get no action at all — in particular an active record
///   is never disabled because its user no longer maps: a broken mapping must not deprovision.
///   (`Mapper.prepare` never rejects a user the directory has disabled, so leavers whose
///   attributes were stripped are still disabled.)
/// - two directory entries sharing an anchor are both rejected.
/// - an entry the reader could not read (``UnreadableEntry``) is rejected; without an anchor,
///   the records stored under its DN get no action.
package struct SnapshotComparison: Sendable {
    let users: PreparedUsers
    let deprovision: DeprovisionPolicy
    /// Where the records, arriving in anchor order, are among the users' anchors.
    private var cursor = AnchorOrder.Cursor()
    /// Anchors that get no action: rejected by the mapping or schema, or shared by several
    /// directory entries.
    private var excluded: Set<Anchor>
    /// Whether a record was seen for the user: those without one are creates.
    private var userHasRecord: [Bool]
    private(set) var rejections: [Rejection]
    private(set) var decisions: [DiffEngine.Decision] = []
    /// The records decisions refer to (`Decision.recordIndex`), in arrival order.
    private(set) var keptRecords: [SnapshotRecord] = []
    /// Records in every state but `disabled`: what the safety limits count against.
    private(set) var managedRecords = 0
    /// A delta: the users are those that changed and the records only theirs (and the deleted
    /// users'); see `comparingChanges()`.
    private(set) var isDelta = false

    package init(users: PreparedUsers, deprovision: DeprovisionPolicy) {
        self.users = users
        self.deprovision = deprovision
        rejections = users.rejections
        excluded = Set(users.rejections.map(\.anchor))
        userHasRecord = [Bool](repeating: false, count: users.count)
        let shared = users.sharedAnchors.map { (anchor: users.anchor(at: $0[0]), indices: $0) }
        for (anchor, indices) in shared.sorted(by: { $0.anchor < $1.anchor }) {
            excluded.insert(anchor)
            let dns = indices.map { users.dn(at: $0) }
            for dn in dns {
                rejections.append(Rejection(
                    anchor: anchor, dn: dn, field: "anchor",
                    reason: "anchor \(anchor) is shared by \(dns.count) directory entries (\(dns.joined(separator: "; "))); none is synced until it is unique"
                ))
            }
        }
    }

    /// Makes this the comparison of a delta read: only the records of changed or deleted users
    /// are added, and the safety limits count against all the target's managed records, given
    /// by `countManagedRecords` when the plan disables anyone. The rules per anchor are the same,
    /// so an unchanged user (no record added, not in `users`) gets no action, exactly as a full
    /// read would plan for him.
    package mutating func comparingChanges() {
        isDelta = true
    }

    /// Whether a record was planned to be disabled: only then do the safety limits need the
    /// count of managed records.
    package var plansDisables: Bool {
        decisions.contains { $0.kind == .disable }
    }

    /// In a delta, the number of the target's managed records (every state but `disabled`).
    package mutating func countManagedRecords(_ count: Int) {
        managedRecords = count
    }

    /// The store scan's shortcut for the common row of a full read: an `active` record of an
    /// enabled user whose payload hash and DN are unchanged gets no action, and is only counted.
    /// For any other row it returns false and changes nothing (but where the comparison is in the
    /// anchor order): the caller builds the record and `add`s it. Same outcome as `add`, without a
    /// record's strings. `anchor` is the row's anchor as UTF-8; rows in anchor order are matched
    /// by merge (``AnchorOrder``), others by search.
    package mutating func addIfUnchanged(
        anchor: UnsafeRawBufferPointer, isActive: Bool, payloadHash: UnsafeRawBufferPointer, dn: UnsafeRawBufferPointer
    ) -> Bool {
        guard isActive, !isDelta, let userIndex = users.enabledUser(ofAnchor: anchor, dn: dn, cursor: &cursor),
              users.payloadHashes.hash(at: userIndex, equalsHex: payloadHash)
        else { return false }
        managedRecords += 1
        userHasRecord[userIndex] = true
        return true
    }

    /// Classifies one record. Each anchor appears at most once in a target's snapshot.
    package mutating func add(_ record: SnapshotRecord) {
        if record.state != .disabled, !isDelta { managedRecords += 1 }
        if !excluded.isEmpty, excluded.contains(record.anchor) { return }
        if !users.heldBackDNs.isEmpty, users.heldBackDNs.contains(record.dn.lowercased()) { return }
        var anchor = record.anchor.value
        let userIndex = anchor.withUTF8 { users.userIndex(ofAnchor: UnsafeRawBufferPointer($0), cursor: &cursor) }
        if let userIndex {
            userHasRecord[userIndex] = true
        }
        let kind: ActionKind?
        if let userIndex, users.isEnabled(at: userIndex) {
            switch record.state {
            case .active:
                let changed = !users.payloadHashes.hash(at: userIndex, equals: record.payloadHash) || record.dn != users.dn(at: userIndex)
                kind = changed ? .update : nil
            case .disabled:
                kind = .reimport
            case .pending, .failed:
                switch record.lastAction {
                case .create, .adopt, nil: kind = .create
                case .update: kind = .update
                case .reimport, .disable: kind = .reimport
                }
            }
        } else {
            // Gone from the directory, or disabled there: a leaver must not keep the account.
            kind = record.state != .disabled && deprovision != .ignore ? .disable : nil
        }
        guard let kind else { return }
        decisions.append(DiffEngine.Decision(kind: kind, userIndex: userIndex, recordIndex: keptRecords.count))
        keptRecords.append(record)
    }

    /// Adds the creates: enabled users for whom no record arrived. `DiffInput` calls it once,
    /// on its own copy, when all records are in.
    ///
    /// Many creates (a first sync) are added in anchor order, like the records: the plan then
    /// orders two sorted runs, not a directory's shuffle. A few are added as read: walking every
    /// user in anchor order would cost a quiet run more than the plan saves ordering them.
    mutating func finish() {
        func isCreate(_ userIndex: Int) -> Bool {
            !userHasRecord[userIndex] && users.isEnabled(at: userIndex)
                && (excluded.isEmpty || !excluded.contains(users.anchor(at: userIndex)))
        }
        var creates = (0..<users.count).filter(isCreate)
        if creates.count > users.count / 8 {
            creates.removeAll(keepingCapacity: true)
            users.forEachInAnchorOrder { if isCreate($0) { creates.append($0) } }
        }
        decisions += creates.map { DiffEngine.Decision(kind: .create, userIndex: $0, recordIndex: nil) }
    }
}
