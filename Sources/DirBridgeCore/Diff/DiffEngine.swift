/// The pure comparison of what a target should hold (mapped directory users) with what
/// dirbridge last applied there (the snapshot), producing one target's plan.
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
///
/// Safety: disables are counted against the target's managed records (every state but
/// `disabled`); over `SafetyPolicy`'s share or count the plan carries `blockedReason`. A read
/// with zero users while records are managed is always blocked, plans no disable at all, and
/// is not sent even when forced.
public enum DiffEngine {
    /// Anchors whose stored payload the plan will use (updates and reimports for field-level
    /// changes, disables for the payload to send) and that the snapshot was loaded without.
    /// Unchanged users are not in it, so a quiet run loads hashes only.
    public static func anchorsNeedingPayload(_ input: DiffInput) -> Set<Anchor> {
        var anchors = Set<Anchor>()
        for decision in input.classification.decisions {
            guard decision.kind != .create, let recordIndex = decision.recordIndex,
                  input.snapshot[recordIndex].payload == nil else { continue }
            anchors.insert(input.snapshot[recordIndex].anchor)
        }
        return anchors
    }

    /// The target's plan. `storedPayloads` supplies payloads for records loaded hash-only
    /// (see `anchorsNeedingPayload`); a record's own payload wins when both exist.
    public static func plan(_ input: DiffInput, storedPayloads: [Anchor: TargetPayload] = [:]) -> TargetPlan {
        let classification = input.classification
        var actions: [SyncAction] = []
        actions.reserveCapacity(classification.decisions.count)
        for decision in classification.decisions {
            let record = decision.recordIndex.map { input.snapshot[$0] }
            let stored = record.flatMap { $0.payload ?? storedPayloads[$0.anchor] }
            if let userIndex = decision.userIndex, decision.kind == .create, stored == nil {
                actions.append(input.users.createAction(at: userIndex, vendorId: record?.vendorId))
            } else if let userIndex = decision.userIndex, decision.kind != .disable {
                let payload = input.users.payload(at: userIndex)
                actions.append(SyncAction(
                    kind: decision.kind, anchor: input.users.anchor(at: userIndex), dn: input.users.dn(at: userIndex),
                    vendorId: record?.vendorId, payload: payload, payloadHash: input.users.payloadHashes[userIndex],
                    changes: fieldChanges(from: stored, to: payload, isCreate: decision.kind == .create)
                ))
            } else if let record {
                let dn = decision.userIndex.map { input.users.dn(at: $0) } ?? record.dn
                actions.append(SyncAction(
                    kind: .disable, anchor: record.anchor, dn: dn, vendorId: record.vendorId,
                    payload: stored ?? TargetPayload(), payloadHash: record.payloadHash, changes: []
                ))
            }
        }
        actions.sort { ($0.kind, $0.anchor) < ($1.kind, $1.anchor) }

        let disables = actions.reduce(0) { $0 + ($1.kind == .disable ? 1 : 0) }
        var blockedReason: String?
        var forceOverridesBlock = true
        if input.users.count == 0, input.rejections.isEmpty, classification.managedRecords > 0 {
            blockedReason = "the directory read returned no users while \(classification.managedRecords) are managed at target \(input.target); refusing to disable everyone"
            forceOverridesBlock = false
            actions.removeAll { $0.kind == .disable }
        } else {
            blockedReason = safetyViolation(disables: disables, managed: classification.managedRecords, policy: input.policy.safety)
        }

        let rejected = classification.rejections.sorted { ($0.anchor, $0.field) < ($1.anchor, $1.field) }
        return TargetPlan(
            target: input.target, vendor: input.vendor, actions: actions, rejected: rejected, blockedReason: blockedReason,
            forceOverridesBlock: forceOverridesBlock)
    }

    struct Decision: Sendable {
        var kind: ActionKind
        var userIndex: Int?
        var recordIndex: Int?
    }

    struct Classification: Sendable {
        var decisions: [Decision] = []
        var rejections: [Rejection]
        var managedRecords = 0
    }

    static func classify(users: PreparedUsers, snapshot: [SnapshotRecord], deprovision: DeprovisionPolicy) -> Classification {
        var result = Classification(rejections: users.rejections)
        var excluded = Set(users.rejections.map(\.anchor))

        // One hash table, over the snapshot; users find their record through it, and the
        // record remembers its user. Only users without a record (new ones, ~1 %) need a
        // second table, to catch duplicate anchors among them.
        var recordIndexByAnchor: [Anchor: Int] = [:]
        recordIndexByAnchor.reserveCapacity(snapshot.count)
        for index in snapshot.indices {
            recordIndexByAnchor[snapshot[index].anchor] = index
            if snapshot[index].state != .disabled { result.managedRecords += 1 }
        }
        var userOfRecord = [Int](repeating: -1, count: snapshot.count)
        var recordOfUser = [Int](repeating: -1, count: users.count)
        var userIndexByNewAnchor: [Anchor: Int] = [:]
        var duplicated: [Anchor: [Int]] = [:]
        for userIndex in 0..<users.count {
            let anchor = users.anchor(at: userIndex)
            if let recordIndex = recordIndexByAnchor[anchor] {
                recordOfUser[userIndex] = recordIndex
                if userOfRecord[recordIndex] >= 0 {
                    duplicated[anchor, default: [userOfRecord[recordIndex]]].append(userIndex)
                } else {
                    userOfRecord[recordIndex] = userIndex
                }
            } else if let first = userIndexByNewAnchor.updateValue(userIndex, forKey: anchor) {
                duplicated[anchor, default: [first]].append(userIndex)
            }
        }
        for (anchor, indices) in duplicated {
            excluded.insert(anchor)
            let dns = indices.map { users.dn(at: $0) }
            for dn in dns {
                result.rejections.append(Rejection(
                    anchor: anchor, dn: dn, field: "anchor",
                    reason: "anchor \(anchor) is shared by \(dns.count) directory entries (\(dns.joined(separator: "; "))); none is synced until it is unique"
                ))
            }
        }

        // Indices, not element copies: a copied user or record costs a retain per field.
        for userIndex in 0..<users.count where users.isEnabled(at: userIndex) {
            if !excluded.isEmpty, excluded.contains(users.anchor(at: userIndex)) { continue }
            let recordIndex = recordOfUser[userIndex] >= 0 ? recordOfUser[userIndex] : nil
            let kind: ActionKind?
            if let recordIndex {
                switch snapshot[recordIndex].state {
                case .active:
                    let changed = !users.payloadHashes.hash(at: userIndex, equals: snapshot[recordIndex].payloadHash)
                        || snapshot[recordIndex].dn != users.dn(at: userIndex)
                    kind = changed ? .update : nil
                case .disabled:
                    kind = .reimport
                case .pending, .failed:
                    switch snapshot[recordIndex].lastAction {
                    case .create, nil: kind = .create
                    case .update: kind = .update
                    case .reimport, .disable: kind = .reimport
                    }
                }
            } else {
                kind = .create
            }
            if let kind {
                result.decisions.append(Decision(kind: kind, userIndex: userIndex, recordIndex: recordIndex))
            }
        }

        guard deprovision != .ignore else { return result }
        for recordIndex in snapshot.indices where snapshot[recordIndex].state != .disabled {
            let userIndex = userOfRecord[recordIndex] >= 0 ? userOfRecord[recordIndex] : nil
            if let userIndex, users.isEnabled(at: userIndex) { continue }
            if !excluded.isEmpty, excluded.contains(snapshot[recordIndex].anchor) { continue }
            result.decisions.append(Decision(kind: .disable, userIndex: userIndex, recordIndex: recordIndex))
        }
        return result
    }

    private static func safetyViolation(disables: Int, managed: Int, policy: SafetyPolicy) -> String? {
        guard disables > 0 else { return nil }
        var reasons: [String] = []
        let percent = managed > 0 ? Double(disables) * 100 / Double(managed) : 100
        if percent > policy.maxDisablePercent {
            reasons.append("would disable \(disables) of \(managed) managed users (\(formatPercent(percent))%), above the limit of \(formatPercent(policy.maxDisablePercent))%")
        }
        if let maxCount = policy.maxDisableCount, disables > maxCount {
            reasons.append("would disable \(disables) users, above the limit of \(maxCount)")
        }
        return reasons.isEmpty ? nil : reasons.joined(separator: "; ")
    }

    private static func formatPercent(_ value: Double) -> String {
        let tenths = (value * 10).rounded() / 10
        return tenths == tenths.rounded() ? String(Int(tenths)) : String(tenths)
    }

    /// Field-level differences; nil for a create with nothing stored (every field is new, see
    /// `SyncAction.changes`). Without a stored payload an update has no field list (the hash
    /// alone says something changed).
    static func fieldChanges(from old: TargetPayload?, to new: TargetPayload, isCreate: Bool) -> [FieldChange]? {
        if isCreate && old == nil { return nil }
        guard let old else { return [] }
        let names = Set(old.fields.keys).union(new.fields.keys).sorted()
        return names.compactMap { name in
            let before = old.fields[name]
            let after = new.fields[name]
            return before == after ? nil : FieldChange(field: name, old: before, new: after)
        }
    }
}
