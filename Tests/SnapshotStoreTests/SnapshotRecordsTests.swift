import DirBridgeCore
import Foundation
import Testing

@testable import SnapshotStore

@Suite("Records: outcomes, hashes and payloads (contract, every store)")
struct SnapshotRecordsTests {
    let target = "sertica-prod"

    @Test("A successful create round-trips; records carry hashes only, payloads come apart", arguments: StoreKind.allCases)
    func roundTrip(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let alice = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        let bob = action(.create, "b-2", hash: "h2", payload: payload(mail: "bob@example.org", department: "Sales"))

        try await store.record([.succeeded(alice, vendorId: .set("V1")), .succeeded(bob, vendorId: .set("V2"))], target: target)

        let records = try await store.records(target: target)
        #expect(records.map(\.anchor) == [Anchor("a-1"), Anchor("b-2")])
        #expect(records.map(\.payloadHash) == ["h1", "h2"])
        #expect(records.map(\.vendorId) == ["V1", "V2"])
        #expect(records.allSatisfy { $0.payload == nil })
        #expect(records.allSatisfy { $0.state == .active && $0.lastAction == .create && $0.lastError == nil })
        #expect(records[0].dn == alice.dn)

        let payloads = try await store.payloads(target: target, anchors: [Anchor("b-2"), Anchor("missing")])
        #expect(payloads == [Anchor("b-2"): bob.payload])
        #expect(try await store.records(target: "other-target").isEmpty)
    }

    @Test("Released records are gone, with their key and vendor id: the others and other targets stay", arguments: StoreKind.allCases)
    func release(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let alice = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        let bob = action(.create, "b-2", hash: "h2", payload: payload(mail: "bob@example.org"))
        try await store.record([.succeeded(alice, vendorId: .set("V1")), .succeeded(bob, vendorId: .set("V2"))], target: target)
        try await store.record([.succeeded(alice, vendorId: .set("W1"))], target: "other-target")

        let released = try await store.releaseRecords(target: target, anchors: [Anchor("a-1"), Anchor("missing")])
        #expect(released.map(\.anchor) == [Anchor("a-1")] && released.first?.vendorId == "V1")
        #expect(try await store.records(target: target).map(\.anchor) == [Anchor("b-2")])
        #expect(try await store.holders(ofVendorIds: ["V1"], target: target).isEmpty)
        #expect(try await store.anchorsHolding(values: ["alice@example.org", "bob@example.org"], field: "mail", target: target)
            == ["bob@example.org": [Anchor("b-2")]])
        #expect(try await store.records(target: "other-target").map(\.vendorId) == ["W1"])
    }

    @Test("Pending create has no vendor id nor applied hash until success", arguments: StoreKind.allCases)
    func pendingCreateThenSuccess(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))

        try await store.markPending(target: target, actions: [create])
        let pendingRecord = try #require(try await store.records(target: target).first)
        #expect(pendingRecord.state == .pending)
        #expect(pendingRecord.lastAction == .create)
        #expect(pendingRecord.vendorId == nil)
        #expect(pendingRecord.payloadHash == "")
        #expect(try await store.payloads(target: target, anchors: [create.anchor]).isEmpty)

        let pending = try await store.pendingRecords(target: target)
        #expect(pending.count == 1)
        #expect(pending.first?.action == .create)
        #expect(pending.first?.inFlightPayload == create.payload)
        #expect(pending.first?.inFlightPayloadHash == "h1")

        try await store.recordSuccess(target: target, action: create, vendorId: .set("V1"))
        let applied = try #require(try await store.records(target: target).first)
        #expect(applied.state == .active)
        #expect(applied.vendorId == "V1")
        #expect(applied.payloadHash == "h1")
        #expect(try await store.pendingRecords(target: target).isEmpty)
    }

    @Test("Pending records of given anchors: only those pending, in anchor order", arguments: StoreKind.allCases)
    func pendingRecordsOfAnchors(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let creates = ["c-3", "a-1", "b-2", "d-4"].map { action(.create, $0, hash: "h-\($0)", payload: payload(mail: "\($0)@example.org")) }
        try await store.markPending(target: target, actions: creates)
        try await store.recordSuccess(target: target, action: creates[2], vendorId: .set("V2"))

        let asked = try await store.pendingRecords(target: target, anchors: [Anchor("d-4"), Anchor("b-2"), Anchor("a-1"), Anchor("zz")])
        #expect(asked.map(\.record.anchor) == [Anchor("a-1"), Anchor("d-4")])
        #expect(asked.map(\.inFlightPayloadHash) == ["h-a-1", "h-d-4"])
        #expect(try await store.pendingRecords(target: target, anchors: []).isEmpty)
        #expect(try await store.pendingRecords(target: target).map(\.record.anchor) == [Anchor("a-1"), Anchor("c-3"), Anchor("d-4")])
    }

    @Test("A pending update keeps the last applied hash and payload; success advances them", arguments: StoreKind.allCases)
    func pendingUpdateKeepsOldStateUntilSuccess(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        try await store.recordSuccess(target: target, action: create, vendorId: .set("V1"))
        let update = action(.update, "a-1", hash: "h2", payload: payload(mail: "alice@corp.example.org"))

        try await store.markPending(target: target, actions: [update])
        let pending = try #require(try await store.records(target: target).first)
        #expect(pending.state == .pending && pending.lastAction == .update)
        #expect(pending.payloadHash == "h1")
        #expect(try await store.payloads(target: target, anchors: [update.anchor])[update.anchor] == create.payload)
        #expect(try await store.pendingRecords(target: target).first?.record.payload == create.payload)

        let created = try #require(try await store.records(target: target).first).createdAt
        try await store.recordSuccess(target: target, action: update, vendorId: .keep)
        let applied = try #require(try await store.records(target: target).first)
        #expect(applied.state == .active && applied.payloadHash == "h2" && applied.vendorId == "V1")
        #expect(applied.createdAt == created && applied.updatedAt >= created)
        #expect(try await store.payloads(target: target, anchors: [update.anchor])[update.anchor] == update.payload)
    }

    @Test("A failure keeps the last applied hash, payload and vendor id", arguments: StoreKind.allCases)
    func failureKeepsLastGoodState(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        try await store.recordSuccess(target: target, action: create, vendorId: .set("V1"))
        let update = action(.update, "a-1", hash: "h2", payload: payload(mail: "alice@corp.example.org"))
        try await store.markPending(target: target, actions: [update])

        try await store.recordFailure(target: target, action: update, error: "HTTP 400: mail invalid")

        let failed = try #require(try await store.records(target: target).first)
        #expect(failed.state == .failed)
        #expect(failed.lastAction == .update)
        #expect(failed.lastError == "HTTP 400: mail invalid")
        #expect(failed.payloadHash == "h1")
        #expect(failed.vendorId == "V1")
        #expect(try await store.payloads(target: target, anchors: [create.anchor])[create.anchor] == create.payload)
        #expect(try await store.pendingRecords(target: target).isEmpty)
    }

    @Test("A failed first create leaves an id-less record with an empty hash", arguments: StoreKind.allCases)
    func failedCreateWithoutRecord(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))

        try await store.recordFailure(target: target, action: create, error: "HTTP 503")

        let failed = try #require(try await store.records(target: target).first)
        #expect(failed.state == .failed && failed.lastAction == .create && failed.vendorId == nil)
        #expect(failed.payloadHash == "")
    }

    @Test("A create retried after a failure goes pending, then active", arguments: StoreKind.allCases)
    func retriedCreate(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        try await store.recordFailure(target: target, action: create, error: "HTTP 503")

        try await store.markPending(target: target, actions: [create])
        let pending = try #require(try await store.records(target: target).first)
        #expect(pending.state == .pending && pending.lastError == nil && pending.payloadHash == "")
        #expect(try await store.pendingRecords(target: target).map(\.inFlightPayloadHash) == ["h1"])

        try await store.recordSuccess(target: target, action: create, vendorId: .set("V1"))
        let applied = try #require(try await store.records(target: target).first)
        #expect(applied.state == .active && applied.vendorId == "V1" && applied.payloadHash == "h1")
    }

    @Test("A disable by deletion keeps a disabled, id-less record; a field disable keeps the id", arguments: StoreKind.allCases)
    func disableOutcomes(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        for (anchor, vendorId) in [("a-1", "V1"), ("b-2", "V2")] {
            let create = action(.create, anchor, hash: "h-\(anchor)", payload: payload(mail: "\(anchor)@example.org"))
            try await store.recordSuccess(target: target, action: create, vendorId: .set(vendorId))
        }
        let deleted = action(.disable, "a-1", hash: "h-a-1", payload: payload(mail: "a-1@example.org"), vendorId: "V1")
        var fieldPayload = payload(mail: "b-2@example.org")
        fieldPayload["active"] = .bool(false)
        let fieldDisabled = action(.disable, "b-2", hash: "h-b-2-off", payload: fieldPayload, vendorId: "V2")

        try await store.record(
            [.succeeded(deleted, vendorId: .clear), .succeeded(fieldDisabled, vendorId: .keep)], target: target)

        let records = try await store.records(target: target)
        #expect(records.map(\.state) == [.disabled, .disabled])
        #expect(records.map(\.vendorId) == [nil, "V2"])
        #expect(records.map(\.payloadHash) == ["h-a-1", "h-b-2-off"])
    }

    @Test("An update for an unknown anchor is refused and rolls back the whole batch", arguments: StoreKind.allCases)
    func updateWithoutRecordRollsBack(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        let orphan = action(.update, "z-9", hash: "h9", payload: payload(mail: "zed@example.org"))

        let error = await storeError {
            try await store.markPending(target: target, actions: [create, orphan])
        }

        #expect(error?.code == .recordNotFound)
        #expect(error?.message.contains("z-9") == true)
        #expect(try await store.records(target: target).isEmpty)
    }

    @Test("Targets are separate namespaces for the same anchor", arguments: StoreKind.allCases)
    func targetsAreIndependent(_ kind: StoreKind) async throws {
        let harness = try await StoreHarness(kind)
        let store = harness.store
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        try await store.recordSuccess(target: "sertica", action: create, vendorId: .set("S1"))
        try await store.recordFailure(target: "requestor", action: create, error: "refused")

        #expect(try await store.records(target: "sertica").map(\.state) == [.active])
        #expect(try await store.records(target: "requestor").map(\.state) == [.failed])
    }
}
