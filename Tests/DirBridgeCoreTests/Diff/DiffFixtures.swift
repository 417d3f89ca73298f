import Foundation
@testable import DirBridgeCore

/// Small builders shared by the diff tests.
enum DiffFixtures {
    static let target = "sertica-main"
    static let epoch = Date(timeIntervalSince1970: 1_700_000_000)

    static func user(_ anchor: String, name: String = "Name", enabled: Bool = true, dn: String? = nil) -> TargetUser {
        TargetUser(
            anchor: Anchor(anchor), dn: dn ?? "uid=\(anchor),ou=people,dc=example,dc=org", enabled: enabled,
            payload: TargetPayload(["UserNo": .string(anchor), "Name": .string(name), "Access": .bool(enabled)])
        )
    }

    static func record(
        for user: TargetUser, state: RecordState = .active, lastAction: ActionKind? = nil,
        withPayload: Bool = true, vendorId: String? = nil
    ) -> SnapshotRecord {
        SnapshotRecord(
            target: target, anchor: user.anchor, dn: user.dn, vendorId: vendorId ?? "v-\(user.anchor)",
            payloadHash: user.payload.hash, payload: withPayload ? user.payload : nil, state: state,
            lastAction: lastAction, createdAt: epoch, updatedAt: epoch
        )
    }

    static func input(
        users: [TargetUser], rejections: [Rejection] = [], snapshot: [SnapshotRecord],
        policy: SyncPolicy = SyncPolicy(safety: SafetyPolicy(maxDisablePercent: 100))
    ) -> DiffInput {
        DiffInput(target: target, vendor: .sertica, users: users, rejections: rejections, snapshot: snapshot, policy: policy)
    }

    /// What a fully successful dispatch would leave in the store: the test oracle for
    /// "applying the plan then re-planning yields nothing".
    static func apply(_ plan: TargetPlan, to snapshot: [SnapshotRecord]) -> [SnapshotRecord] {
        var byAnchor = Dictionary(uniqueKeysWithValues: snapshot.map { ($0.anchor, $0) })
        for action in plan.actions {
            switch action.kind {
            case .create, .adopt, .update, .reimport:
                byAnchor[action.anchor] = SnapshotRecord(
                    target: plan.target, anchor: action.anchor, dn: action.dn,
                    vendorId: action.vendorId ?? "v-\(action.anchor)", payloadHash: action.payloadHash,
                    payload: action.payload, state: .active, createdAt: epoch, updatedAt: epoch
                )
            case .disable:
                byAnchor[action.anchor]?.state = .disabled
                byAnchor[action.anchor]?.lastAction = nil
                byAnchor[action.anchor]?.dn = action.dn
            }
        }
        return byAnchor.values.sorted { $0.anchor < $1.anchor }
    }
}
