import DirBridgeCore
import TestSupport
import Testing

@testable import SnapshotStore

@Suite("Comparing a snapshot (contract, every store)")
struct SnapshotCompareTests {
    let target = "t"

    /// A store's own `compare` (SQLite judges most rows on their columns) must plan exactly what
    /// adding every record it holds plans, over every state, hash, DN and rejection mix.
    @Test("compare plans what adding every record plans", arguments: StoreKind.allCases)
    func compareMatchesAddingEveryRecord(_ kind: StoreKind) async throws {
        let store = try await StoreHarness(kind).store
        var random = SplitMix64(seed: 11)
        func mail(_ index: Int, _ variant: Int) -> TargetPayload {
            TargetPayload(["mail": .string("u\(index)-\(variant)@example.org")])
        }
        func dn(_ index: Int, _ variant: Int) -> String { "uid=u\(index)\(variant == 0 ? "" : "-moved"),dc=x" }

        var accepted: [TargetUser] = []
        var rejections: [Rejection] = []
        for index in 0..<300 {
            let user = TargetUser(anchor: Anchor("a\(index)"), dn: dn(index, 0), enabled: random.chance(85), payload: mail(index, 0))
            if random.chance(5) {
                rejections.append(Rejection(anchor: user.anchor, dn: user.dn, field: "mail", reason: "refused"))
            } else {
                accepted.append(user)
                if random.chance(2) { accepted.append(user) }  // an anchor shared by two entries
            }
        }
        var outcomes: [SnapshotOutcome] = []
        for index in 0..<330 where random.chance(85) {  // some users without a record, some records without a user
            let action = SyncAction(
                kind: .create, anchor: Anchor("a\(index)"), dn: dn(index, random.chance(10) ? 1 : 0), vendorId: nil,
                payload: mail(index, random.chance(15) ? 1 : 0), payloadHash: "", changes: [])
            var applied = action
            applied.payloadHash = action.payload.hash
            switch Int.random(in: 0..<10, using: &random) {
            case 0: outcomes.append(.pending(applied))
            case 1: outcomes.append(.failed(action, error: "refused"))
            case 2:
                outcomes.append(.succeeded(applied, vendorId: .set("V\(index)")))
                var disable = applied
                disable.kind = .disable
                outcomes.append(.succeeded(disable, vendorId: .keep))
            default: outcomes.append(.succeeded(applied, vendorId: .set("V\(index)")))
            }
        }
        for outcome in outcomes {
            try await store.record([outcome], target: target)
        }

        // Accepted users refused afterwards (as a unique-key collision refuses them) get no action either.
        let collided = accepted.filter { _ in random.chance(5) }.map {
            Rejection(anchor: $0.anchor, dn: $0.dn, field: "mail", reason: "shared")
        }
        let users = PreparedUsers(accepted: accepted, rejections: rejections).rejecting(collided)
        let fresh = SnapshotComparison(users: users, deprovision: .disable)
        var everyRecord = fresh
        for record in try await store.records(target: target) {
            everyRecord.add(record)
        }
        let compared = try await store.compare(target: target, into: fresh)
        let policy = SyncPolicy()
        let expected = DiffEngine.plan(DiffInput(target: target, vendor: .requestor, comparison: everyRecord, policy: policy))
        let planned = DiffEngine.plan(DiffInput(target: target, vendor: .requestor, comparison: compared, policy: policy))
        #expect(planned == expected)
        #expect(Set(expected.actions.map(\.kind)).count == 4, "the generator must reach creates, updates, reimports and disables")
    }
}
