import Testing
@testable import DirBridgeCore

@Suite struct DiffEngineTests {
    typealias F = DiffFixtures

    private func plan(_ input: DiffInput) -> TargetPlan { DiffEngine.plan(input) }

    @Test func enabledUserWithoutRecordIsCreatedWithEveryFieldAsChange() {
        let ann = F.user("a1", name: "Ann")
        let result = plan(F.input(users: [ann], snapshot: []))
        #expect(result.actions.map(\.kind) == [.create])
        let action = result.actions[0]
        #expect(action.vendorId == nil)
        #expect(action.payloadHash == ann.payload.hash)
        #expect(action.changes.map(\.field) == ["Access", "Name", "UserNo"])
        #expect(action.changes.allSatisfy { $0.old == nil })
    }

    @Test func disabledUserWithoutRecordGetsNothing() {
        #expect(plan(F.input(users: [F.user("a1", enabled: false)], snapshot: [])).actions.isEmpty)
    }

    @Test func unchangedActiveRecordGetsNothing() {
        let ann = F.user("a1")
        #expect(plan(F.input(users: [ann], snapshot: [F.record(for: ann)])).actions.isEmpty)
    }

    @Test func changedPayloadIsAnUpdateWithVendorIdAndFieldChanges() {
        let before = F.user("a1", name: "Ann")
        let after = F.user("a1", name: "Anne")
        let result = plan(F.input(users: [after], snapshot: [F.record(for: before, vendorId: "42")]))
        #expect(result.actions.map(\.kind) == [.update])
        #expect(result.actions[0].vendorId == "42")
        #expect(result.actions[0].changes == [FieldChange(field: "Name", old: .string("Ann"), new: .string("Anne"))])
    }

    @Test func renameWithSameAnchorIsAnUpdateNeverDeletePlusCreate() {
        let before = F.user("a1", dn: "uid=ann,ou=old,dc=example,dc=org")
        let after = F.user("a1", dn: "uid=ann,ou=new,dc=example,dc=org")
        let result = plan(F.input(users: [after], snapshot: [F.record(for: before)]))
        #expect(result.actions.map(\.kind) == [.update])
        #expect(result.actions[0].dn == after.dn)
        #expect(result.actions[0].changes.isEmpty)
    }

    @Test func disabledRecordWithUserBackIsReimportedWithStoredId() {
        let ann = F.user("a1")
        let result = plan(F.input(users: [ann], snapshot: [F.record(for: ann, state: .disabled, vendorId: "id-7")]))
        #expect(result.actions.map(\.kind) == [.reimport])
        #expect(result.actions[0].vendorId == "id-7")
    }

    @Test func disabledRecordWhoseUserStaysDisabledOrGoneGetsNothing() {
        let ann = F.user("a1")
        let bob = F.user("b1")
        let snapshot = [F.record(for: ann, state: .disabled), F.record(for: bob, state: .disabled)]
        #expect(plan(F.input(users: [F.user("a1", enabled: false), F.user("c1")], snapshot: snapshot)).actions.map(\.kind) == [.create])
    }

    @Test func goneOrDisabledUserWithActiveRecordIsDisabledWithStoredPayload() {
        let ann = F.user("a1")
        let bob = F.user("b1")
        let snapshot = [F.record(for: ann), F.record(for: bob)]
        let result = plan(F.input(users: [F.user("a1", enabled: false, dn: "uid=a1,ou=leavers")], snapshot: snapshot))
        #expect(result.actions.map(\.kind) == [.disable, .disable])
        #expect(result.actions.map(\.anchor) == [Anchor("a1"), Anchor("b1")])
        #expect(result.actions[0].dn == "uid=a1,ou=leavers")
        #expect(result.actions[1].payload == bob.payload)
        #expect(result.actions[1].vendorId == "v-b1")
    }

    @Test func deprovisionPolicies() {
        let snapshot = [F.record(for: F.user("a1"))]
        let ignore = F.input(users: [F.user("z")], snapshot: snapshot, policy: SyncPolicy(deprovision: .ignore, safety: SafetyPolicy(maxDisablePercent: 100)))
        #expect(plan(ignore).actions.map(\.kind) == [.create])
        let delete = F.input(users: [F.user("z")], snapshot: snapshot, policy: SyncPolicy(deprovision: .delete, safety: SafetyPolicy(maxDisablePercent: 100)))
        #expect(plan(delete).actions.map(\.kind) == [.create, .disable])
    }

    @Test func pendingAndFailedRecordsAreRetriedByLastAction() {
        let ann = F.user("a1")
        func kind(state: RecordState, lastAction: ActionKind?, enabled: Bool = true) -> ActionKind? {
            let user = F.user("a1", enabled: enabled)
            let record = F.record(for: ann, state: state, lastAction: lastAction)
            // Same payload hash as stored: only the state forces the retry.
            return plan(F.input(users: enabled ? [user] : [user, F.user("x")], snapshot: [record]))
                .actions.first { $0.anchor == ann.anchor }?.kind
        }
        for state in [RecordState.pending, .failed] {
            #expect(kind(state: state, lastAction: .create) == .create)
            #expect(kind(state: state, lastAction: nil) == .create)
            #expect(kind(state: state, lastAction: .update) == .update)
            #expect(kind(state: state, lastAction: .reimport) == .reimport)
            #expect(kind(state: state, lastAction: .disable) == .reimport)
            for lastAction in ActionKind.allCases {
                #expect(kind(state: state, lastAction: lastAction, enabled: false) == .disable)
            }
        }
    }

    @Test func pendingCreateKeepsAnyKnownVendorId() {
        let ann = F.user("a1")
        let result = plan(F.input(users: [ann], snapshot: [F.record(for: ann, state: .pending, lastAction: .create, vendorId: "maybe")]))
        #expect(result.actions.first?.kind == .create)
        #expect(result.actions.first?.vendorId == "maybe")
    }

    @Test func rejectedUsersAreNeverActionedNorDeprovisioned() {
        let ann = F.user("a1", name: "Changed")
        let snapshot = [F.record(for: F.user("a1")), F.record(for: F.user("b1"))]
        let rejections = [
            Rejection(anchor: Anchor("a1"), dn: ann.dn, field: "Name", reason: "too long"),
            Rejection(anchor: Anchor("b1"), dn: "uid=b1", field: "Login", reason: "required field Login is missing"),
            Rejection(anchor: Anchor("c1"), dn: "uid=c1", field: "Login", reason: "required field Login is missing"),
        ]
        let result = plan(F.input(users: [ann, F.user("c1")], rejections: rejections, snapshot: snapshot))
        #expect(result.actions.isEmpty)
        #expect(result.rejected.map(\.anchor.value) == ["a1", "b1", "c1"])
        #expect(result.summary == PlanSummary(rejected: 3))
    }

    @Test func unreadableEntriesAreHeldBackByAnchorOrWithoutOneByDN() {
        let stays = F.user("a1")
        let snapshot = ["a1", "b1", "c1", "d1"].map { F.record(for: F.user($0)) }
        let unreadable = [
            UnreadableEntry(dn: "uid=b1,ou=people,dc=example,dc=org", anchor: Anchor("b1"), attribute: "userAccountControl", reason: "missing"),
            // His anchor value is gone: known by the DN his record was stored under (any case).
            UnreadableEntry(dn: "UID=c1,ou=People,dc=example,dc=org", anchor: nil, attribute: "employeeID", reason: "no value"),
        ]
        let prepared = PreparedUsers(accepted: [stays], rejections: []).holdingBack(unreadable)
        let input = DiffInput(
            target: F.target, vendor: .sertica, prepared: prepared, snapshot: snapshot,
            policy: SyncPolicy(safety: SafetyPolicy(maxDisablePercent: 100)))
        let result = plan(input)
        #expect(result.actions.map(\.anchor.value) == ["d1"], "only the user who really left is disabled")
        #expect(result.actions.first?.kind == .disable)
        #expect(result.rejected.map(\.dn) == [unreadable[1].dn, unreadable[0].dn])
        #expect(result.rejected.map(\.field).sorted() == ["employeeID", "userAccountControl"])
        #expect(result.rejected.allSatisfy { $0.reason.contains("held back") })
    }

    @Test func duplicateAnchorsAreRejectedNotActioned() {
        let first = F.user("a1", dn: "uid=one")
        let second = F.user("a1", dn: "uid=two")
        let result = plan(F.input(users: [first, second], snapshot: [F.record(for: F.user("a1"))]))
        #expect(result.actions.isEmpty)
        #expect(result.rejected.count == 2)
        #expect(result.rejected.allSatisfy { $0.field == "anchor" && $0.reason.contains("uid=one") && $0.reason.contains("uid=two") })
    }

    @Test func duplicateNewAnchorsAreNotCreatedTwice() {
        let result = plan(F.input(users: [F.user("n1", dn: "uid=x"), F.user("n1", dn: "uid=y"), F.user("n1", dn: "uid=z")], snapshot: []))
        #expect(result.actions.isEmpty)
        #expect(result.rejected.map(\.dn).sorted() == ["uid=x", "uid=y", "uid=z"])
        #expect(result.summary.rejected == 1)
    }

    @Test func orderIsByKindThenAnchor() {
        let users = [F.user("d"), F.user("a", name: "new"), F.user("c"), F.user("b")]
        let snapshot = [
            F.record(for: F.user("a")), F.record(for: F.user("b"), state: .disabled),
            F.record(for: F.user("z")), F.record(for: F.user("y")),
        ]
        let result = plan(F.input(users: users, snapshot: snapshot))
        #expect(result.actions.map { "\($0.kind):\($0.anchor)" } == ["create:c", "create:d", "update:a", "reimport:b", "disable:y", "disable:z"])
        #expect(result.summary == PlanSummary(creates: 2, updates: 1, reimports: 1, disables: 2))
    }

    @Test func planOrderIsKindThenAnchorBytesWithEqualAnchorsAsGiven() {
        // Byte order, the store's: uppercase before lowercase, a prefix before its extensions,
        // "é" (0xC3 0xA9) after every ASCII byte.
        let given: [(ActionKind, String)] = [
            (.disable, "b"), (.create, "é"), (.create, "ab"), (.update, "a"), (.create, "a"), (.create, "Z"),
            (.create, "ab"), (.disable, "a"),
        ]
        let order = DiffEngine.planOrder(kinds: given.map(\.0)) { Anchor(given[$0].1) }
        #expect(order == [5, 4, 2, 6, 1, 3, 7, 0])
        #expect(DiffEngine.planOrder(kinds: []) { _ in Anchor("") }.isEmpty)
    }

    @Test func safetyBlocksOverPercentWithNumbers() {
        let everyone = (0..<20).map { F.user(String(format: "u%02d", $0)) }
        let snapshot = everyone.map { F.record(for: $0) }
        let remaining = Array(everyone.dropFirst(3))
        let blocked = DiffEngine.plan(DiffInput(target: F.target, vendor: .sertica, users: remaining, rejections: [], snapshot: snapshot, policy: SyncPolicy()))
        #expect(blocked.blockedReason == "would disable 3 of 20 managed users (15%), above the limit of 10%")
        #expect(blocked.count(of: .disable) == 3)
        let allowed = DiffEngine.plan(DiffInput(target: F.target, vendor: .sertica, users: Array(everyone.dropFirst(2)), rejections: [], snapshot: snapshot, policy: SyncPolicy()))
        #expect(allowed.blockedReason == nil)
    }

    @Test func safetyBlocksOverAbsoluteCount() {
        let everyone = (0..<100).map { F.user("u\($0)") }
        let policy = SyncPolicy(safety: SafetyPolicy(maxDisablePercent: 50, maxDisableCount: 4))
        let result = DiffEngine.plan(DiffInput(target: F.target, vendor: .sertica, users: Array(everyone.dropFirst(5)), rejections: [], snapshot: everyone.map { F.record(for: $0) }, policy: policy))
        #expect(result.blockedReason == "would disable 5 users, above the limit of 4")
    }

    @Test func emptyDirectoryReadAlwaysBlocksAndDisablesNobody() {
        let snapshot = [F.record(for: F.user("a1")), F.record(for: F.user("b1"))]
        let policy = SyncPolicy(safety: SafetyPolicy(maxDisablePercent: 100))
        let result = DiffEngine.plan(DiffInput(target: F.target, vendor: .sertica, users: [], rejections: [], snapshot: snapshot, policy: policy))
        #expect(result.actions.isEmpty)
        #expect(result.blockedReason?.contains("no users while 2 are managed") == true)
        #expect(!result.forceOverridesBlock)
    }

    @Test func hashOnlySnapshotAsksForPayloadsOfChangedUsersOnly() {
        let users = [F.user("same"), F.user("changed", name: "new"), F.user("back"), F.user("fresh")]
        let snapshot = [
            F.record(for: F.user("same"), withPayload: false),
            F.record(for: F.user("changed", name: "old"), withPayload: false),
            F.record(for: F.user("back"), state: .disabled, withPayload: false),
            F.record(for: F.user("gone"), withPayload: false),
            F.record(for: F.user("left"), state: .disabled, withPayload: false),
        ]
        let input = F.input(users: users, snapshot: snapshot)
        #expect(DiffEngine.anchorsNeedingPayload(input) == [Anchor("changed"), Anchor("back"), Anchor("gone")])

        let withoutPayloads = DiffEngine.plan(input)
        #expect(withoutPayloads.actions.first { $0.anchor == Anchor("changed") }?.changes == [])
        let loaded = [Anchor("changed"): F.user("changed", name: "old").payload, Anchor("gone"): F.user("gone").payload]
        let withPayloads = DiffEngine.plan(input, storedPayloads: loaded)
        #expect(withPayloads.actions.first { $0.anchor == Anchor("changed") }?.changes
            == [FieldChange(field: "Name", old: .string("old"), new: .string("new"))])
        #expect(withPayloads.actions.first { $0.anchor == Anchor("gone") }?.payload == F.user("gone").payload)

        let quiet = F.input(users: [F.user("same")], snapshot: [F.record(for: F.user("same"), withPayload: false)])
        #expect(DiffEngine.anchorsNeedingPayload(quiet).isEmpty)
    }
}
