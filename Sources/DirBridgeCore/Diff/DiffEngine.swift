/// The pure comparison of what a target should hold (mapped directory users) with what
/// dirbridge last applied there (the snapshot), producing one target's plan.
///
/// Rules, per anchor: see `SnapshotComparison`, where they are applied.
///
/// Safety: disables are counted against the target's managed records (every state but
/// `disabled`); over `SafetyPolicy`'s share or count the plan carries `blockedReason`. A read
/// with zero users while records are managed is always blocked, plans no disable at all, and
/// is not sent even when forced.
package enum DiffEngine {
    /// Anchors whose stored payload the plan will use (updates and reimports for field-level
    /// changes, disables for the payload to send) and that the snapshot was loaded without.
    /// Unchanged users are not in it, so a quiet run loads hashes only.
    package static func anchorsNeedingPayload(_ input: DiffInput) -> Set<Anchor> {
        var anchors = Set<Anchor>()
        let records = input.comparison.keptRecords
        for decision in input.comparison.decisions {
            guard decision.kind != .create, let recordIndex = decision.recordIndex,
                  records[recordIndex].payload == nil else { continue }
            anchors.insert(records[recordIndex].anchor)
        }
        return anchors
    }

    /// The target's plan. `storedPayloads` supplies payloads for records loaded hash-only
    /// (see `anchorsNeedingPayload`); a record's own payload wins when both exist.
    package static func plan(_ input: DiffInput, storedPayloads: [Anchor: TargetPayload] = [:]) -> TargetPlan {
        let comparison = input.comparison
        let decisions = comparison.decisions
        // The anchor each decision's action will carry: its user's, or its record's for a disable.
        // A decision with neither builds no action below, so where it sorts does not matter.
        func anchor(of decision: Decision) -> Anchor {
            if let userIndex = decision.userIndex, decision.kind != .disable { return input.users.anchor(at: userIndex) }
            return decision.recordIndex.map { comparison.keptRecords[$0].anchor } ?? Anchor("")
        }
        var actions: [SyncAction] = []
        actions.reserveCapacity(decisions.count)
        for index in planOrder(kinds: decisions.map(\.kind), anchor: { anchor(of: decisions[$0]) }) {
            let decision = decisions[index]
            let record = decision.recordIndex.map { comparison.keptRecords[$0] }
            let stored = record.flatMap { $0.payload ?? storedPayloads[$0.anchor] }
            if let userIndex = decision.userIndex, decision.kind != .disable {
                // A create with nothing stored lists no changes (every field is new) and maps its
                // payload when read; anything else needs the payload now, for its field changes.
                var payloadSource = input.users.payloadSource(at: userIndex)
                var changes: [FieldChange]?
                if decision.kind != .create || stored != nil {
                    let payload = payloadSource.payload
                    payloadSource = .held(payload)
                    changes = fieldChanges(from: stored, to: payload)
                }
                actions.append(SyncAction(
                    kind: decision.kind, anchor: input.users.anchor(at: userIndex), dn: input.users.dn(at: userIndex),
                    vendorId: record?.vendorId, payloadSource: payloadSource, payloadHash: input.users.payloadHashes.digest(at: userIndex),
                    changes: changes
                ))
            } else if let record {
                let dn = decision.userIndex.map { input.users.dn(at: $0) } ?? record.dn
                actions.append(SyncAction(
                    kind: .disable, anchor: record.anchor, dn: dn, vendorId: record.vendorId,
                    payload: stored?.withoutSealedSecrets ?? TargetPayload(), payloadHash: record.payloadHash, changes: []
                ))
            }
        }

        let disables = actions.reduce(0) { $0 + ($1.kind == .disable ? 1 : 0) }
        var blockedReason: String?
        var forceOverridesBlock = true
        // A delta with no changed user is a quiet directory, not an empty one.
        if !comparison.isDelta, input.users.count == 0, input.rejections.isEmpty, comparison.managedRecords > 0 {
            blockedReason = "the directory read returned no users while \(comparison.managedRecords) are managed at target \(input.target); refusing to disable everyone"
            forceOverridesBlock = false
            actions.removeAll { $0.kind == .disable }
        } else {
            blockedReason = safetyViolation(disables: disables, managed: comparison.managedRecords, policy: input.policy.safety)
        }

        let rejected = comparison.rejections.sorted { ($0.anchor, $0.field) < ($1.anchor, $1.field) }
        return TargetPlan(
            target: input.target, vendor: input.vendor, actions: actions, rejected: rejected, blockedReason: blockedReason,
            forceOverridesBlock: forceOverridesBlock)
    }

    /// Indices of the actions to come, by kind, then anchor in byte order (the store's), equal
    /// ones as given: the actions are then built in that order. Sorting the built actions moved
    /// each one, with its references, some seventeen times for 100,000 users (a twentieth of a
    /// batch target's first sync).
    static func planOrder(kinds: [ActionKind], anchor: (Int) -> Anchor) -> [Int] {
        let order = AnchorOrder(count: kinds.count, anchor: anchor)
        var byKind = [[Int]](repeating: [], count: ActionKind.allCases.count)
        for rank in 0..<order.count {
            let position = order.position(atRank: rank)
            byKind[kinds[position].rank].append(position)
        }
        return Array(byKind.joined())
    }

    struct Decision: Sendable {
        var kind: ActionKind
        var userIndex: Int?
        var recordIndex: Int?
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

    /// Field-level differences. Without a stored payload an update has no field list (the hash
    /// alone says something changed).
    static func fieldChanges(from old: TargetPayload?, to new: TargetPayload) -> [FieldChange] {
        guard let old else { return [] }
        let names = Set(old.fields.keys).union(new.fields.keys).sorted()
        return names.compactMap { name in
            let before = old.fields[name]
            let after = new.fields[name]
            // A secret is stored as its digest: unchanged when the new value seals to it.
            if let before, before.isSealed { return after?.sealed == before ? nil : FieldChange(field: name, old: before, new: after) }
            return before == after ? nil : FieldChange(field: name, old: before, new: after)
        }
    }
}
