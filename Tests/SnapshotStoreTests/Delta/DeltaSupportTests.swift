import DirBridgeCore
import Foundation
import Testing

@testable import SnapshotStore

@Suite("Delta reads: cursor and record lookups (contract, every store)")
struct DeltaSupportTests {
    let target = "sertica-prod"

    @Test("The cursor round-trips, is replaced, and belongs to one source", arguments: StoreKind.allCases)
    func cursor(_ kind: StoreKind) async throws {
        let store = try await StoreHarness(kind).store
        #expect(try await store.directoryCursor(source: "ldap://a dc=x") == nil)
        var cursor = DirectoryCursor(
            source: "ldap://a dc=x", cookie: Array("rid=000,csn=1".utf8) + [0, 0xFF], configurationFingerprint: "c1",
            groupFingerprint: "g1", fullReadAt: Date(timeIntervalSince1970: 1_700_000_000), revisit: [Anchor("r-1"), Anchor("r\"2")],
            nextAccountExpiry: Date(timeIntervalSince1970: 1_700_086_400))
        let staff = groupState(["member:uid=ann,ou=people", "member:cn=eng,ou=groups"])
        let eng = groupState(["uid:bob"])
        try await store.saveDirectoryCursor(cursor, groups: Self.changes(from: [:], to: ["cn=staff": staff, "cn=eng": eng]))
        #expect(try await store.directoryCursor(source: "ldap://a dc=x") == cursor)
        #expect(try await store.directoryGroupDigests(source: "ldap://a dc=x") == ["cn=staff": staff.digest, "cn=eng": eng.digest])

        // Only what changed is written: eng gains a member, staff goes, sales appears.
        cursor.cookie = [1, 2, 3]
        cursor.revisit = []
        cursor.nextAccountExpiry = nil
        let eng2 = groupState(["uid:bob", "uid:cy"])
        let sales = groupState([])
        let changes = Self.changes(
            from: try await store.directoryGroupDigests(source: "ldap://a dc=x"), to: ["cn=eng": eng2, "cn=sales": sales])
        #expect(changes == DirectoryGroupChanges(upserts: ["cn=eng": eng2, "cn=sales": sales], removals: ["cn=staff"]))
        try await store.saveDirectoryCursor(cursor, groups: changes)
        #expect(try await store.directoryCursor(source: "ldap://a dc=x") == cursor)
        #expect(try await store.directoryGroupDigests(source: "ldap://a dc=x") == ["cn=eng": eng2.digest, "cn=sales": sales.digest])
        #expect(try await store.directoryGroupEdges(source: "ldap://a dc=x", groups: ["cn=eng", "cn=staff"]) == ["cn=eng": ["uid:bob", "uid:cy"]])
        #expect(try await store.directoryCursor(source: "ldap://b dc=x") == nil)
        #expect(try await store.directoryGroupDigests(source: "ldap://b dc=x").isEmpty)
    }

    static func changes(from stored: [String: String], to current: [String: DirectoryGroupState]) -> DirectoryGroupChanges {
        DirectoryGroupChanges(from: stored, digests: current.mapValues(\.digest), states: current)
    }

    @Test("A changed group whose state is missing is removed, never left stale")
    func changedWithoutState() {
        let changes = DirectoryGroupChanges(
            from: ["cn=a": "1", "cn=b": "2", "cn=gone": "3"], digests: ["cn=a": "1", "cn=b": "9", "cn=new": "4"], states: [:])
        #expect(changes == DirectoryGroupChanges(upserts: [:], removals: ["cn=b", "cn=gone"]))
    }

    @Test("Records by anchor, managed count, unsettled anchors and key holders", arguments: StoreKind.allCases)
    func lookups(_ kind: StoreKind) async throws {
        let store = try await StoreHarness(kind).store
        let alice = action(.create, "a-1", hash: "h1", payload: payload(mail: "Alice@Example.org"))
        let bob = action(.create, "b-2", hash: "h2", payload: payload(mail: "bob@example.org"))
        let cy = action(.create, "c-3", hash: "h3", payload: payload(mail: "cy@example.org"))
        let dee = action(.create, "d-4", hash: "h4", payload: payload(mail: "dee@example.org"))
        try await store.record([.succeeded(alice, vendorId: .set("V1")), .succeeded(bob, vendorId: .set("V2"))], target: target)
        try await store.markPending(target: target, actions: [cy])
        try await store.recordFailure(target: target, action: dee, error: "400")
        let leave = action(.disable, "b-2", hash: "h2", payload: payload(mail: "bob@example.org"))
        try await store.recordSuccess(target: target, action: leave, vendorId: .keep)

        let found = try await store.records(target: target, anchors: [Anchor("b-2"), Anchor("zz"), Anchor("a-1")])
        #expect(found.map(\.anchor) == [Anchor("b-2"), Anchor("a-1")])
        #expect(found.allSatisfy { $0.payload == nil })
        #expect(found.first?.state == .disabled)
        #expect(try await store.managedRecordCount(target: target) == 3)
        #expect(try await store.unsettledAnchors(target: target) == [Anchor("c-3"), Anchor("d-4")])

        let holders = try await store.anchorsHolding(
            values: ["alice@example.ORG", "bob@example.org", "nobody@example.org", "cy@example.org"], field: "mail", target: target)
        // Only applied payloads count: cy's create is still pending.
        #expect(holders == ["alice@example.org": [Anchor("a-1")], "bob@example.org": [Anchor("b-2")]])
        #expect(try await store.anchorsHolding(values: ["Engineering"], field: "mail", target: target).isEmpty)
    }
}

/// A group state whose digest is its edges written out: equal edges, equal digests.
private func groupState(_ edges: [String]) -> DirectoryGroupState {
    DirectoryGroupState(digest: edges.joined(separator: "|"), edges: edges)
}
