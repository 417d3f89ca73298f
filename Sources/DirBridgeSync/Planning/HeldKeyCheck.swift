import DirBridgeCore
import SnapshotStore

/// One person, one account, across directory entries: a user whose unique key value (a mail, a
/// login, Sertica's UserNo) is held by the account of another anchor is not sent. That anchor
/// is usually a leaver: someone deleted from the directory and created again (a new objectGUID
/// or entryUUID), or a new hire given a departed colleague's address. `KeyCollisionRule` sees
/// only the users read; this check reads the store, so it sees leavers too.
///
/// Sending would hand the old account over: Sertica imports by UserNo, so a create there is the
/// old account imported with `Access: true`, the leaver's account enabled for someone dirbridge
/// then cannot link; other vendors refuse the duplicate, or merge it. Kept apart, the new entry
/// is rejected every run, naming the holder, until the directory changes or the operator settles
/// who owns the account (`dirbridge release`). A key a deleted account held (deprovision
/// `delete`, done) is free again.
enum HeldKeyCheck {
    /// `plan` with every action whose new unique key value another anchor's record holds moved
    /// to its rejections. `stored` holds the payloads the diff read (a value an action's own
    /// record holds is not new); one missing only costs a look for holders.
    static func applied(
        to plan: TargetPlan, schema: VendorSchema, deprovision: DeprovisionPolicy, stored: [Anchor: TargetPayload],
        store: any SnapshotStore
    ) async throws -> TargetPlan {
        // A first sync's plan is every user: with nothing stored, nothing can be held, and the
        // candidates are not even gathered (a copy of each action).
        guard !schema.uniqueKeys.isEmpty, !plan.actions.isEmpty, try await store.hasRecords(target: plan.target) else { return plan }
        let candidates = plan.actions.filter { $0.kind != .disable && $0.kind != .adopt }
        guard !candidates.isEmpty else { return plan }
        // The first field, in the schema's order, whose value is held names the holder.
        let held = Dictionary(
            try await store.heldKeys(
                of: candidates.map { ($0.anchor, $0.payload) }, stored: stored, fields: schema.uniqueKeys, target: plan.target
            ).map { ($0.anchor, $0) },
            uniquingKeysWith: { first, _ in first })
        guard !held.isEmpty else { return plan }
        let holderRecords = Dictionary(
            try await store.records(target: plan.target, anchors: Set(held.values.flatMap(\.others)).sorted()).map { ($0.anchor, $0) },
            uniquingKeysWith: { first, _ in first })
        var checked = plan
        checked.actions = plan.actions.filter { action in
            guard let key = held[action.anchor] else { return true }
            let owners = key.others.compactMap { holderRecords[$0] }.filter { !($0.state == .disabled && deprovision == .delete) }
            guard let owner = owners.min(by: { $0.anchor < $1.anchor }) else { return true }
            let leaver = owner.state == .disabled ? ", a leaver whose account is kept \(deprovision == .ignore ? "as it was" : "disabled")" : ""
            checked.rejected.append(Rejection(
                anchor: action.anchor, dn: action.dn, field: key.field,
                reason: "\(key.field) \(key.value) is held by the account of another directory entry (\(owner.dn), anchor \(owner.anchor.value)"
                    + "\(leaver)); an account is never handed to a second entry. If both are one person created again in the"
                    + " directory, `dirbridge release --target \(plan.target) --anchor \(owner.anchor.value)` unlinks it for him"))
            return false
        }
        return checked
    }
}
