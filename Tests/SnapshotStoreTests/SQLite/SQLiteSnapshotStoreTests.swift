import DirBridgeCore
import Foundation
import GRDB
import Testing

@testable import SnapshotStore

@Suite("SQLite store: persistence and stored data")
struct SQLiteSnapshotStoreTests {
    let target = "sertica-prod"

    @Test("Records survive closing and reopening the store")
    func persistsAcrossReopen() async throws {
        let directory = try TemporaryDirectory()
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        let pendingCreate = action(.create, "b-2", hash: "h2", payload: payload(mail: "bob@example.org"))
        do {
            let store = try openStore(directory.storePath)
            try await store.recordSuccess(target: target, action: create, vendorId: .set("V1"))
            try await store.markPending(target: target, actions: [pendingCreate])
        }

        let reopened = try openStore(directory.storePath)
        let records = try await reopened.records(target: target)
        #expect(records.map(\.state) == [.active, .pending])
        #expect(records.first?.vendorId == "V1")
        #expect(try await reopened.payloads(target: target, anchors: [create.anchor])[create.anchor] == create.payload)
        #expect(try await reopened.pendingRecords(target: target).map(\.inFlightPayload) == [pendingCreate.payload])
    }

    @Test("Pending records are found through the index of unsettled records, not by reading every row", arguments: [false, true])
    func pendingRecordsUseTheIndex(ofAnchor: Bool) async throws {
        let directory = try TemporaryDirectory()
        _ = try openStore(directory.storePath)
        let details = try await DatabaseQueue(path: directory.storePath).read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + SQLiteSnapshotStore.pendingRecordsSQL(ofAnchor: ofAnchor),
                             arguments: StatementArguments(ofAnchor ? ["t", "a"] : ["t"])).map { $0["detail"] as String? ?? "" }
        }
        // One anchor: its row through the primary key; the whole target: the unsettled rows only.
        #expect(!details.isEmpty && details.allSatisfy { $0.hasPrefix("SEARCH") && $0.contains("INDEX") }, "query plan: \(details)")
        if !ofAnchor { #expect(details.contains { $0.contains("snapshot_record_unsettled") }, "query plan: \(details)") }
    }

    @Test("A damaged stored payload is reported naming target and anchor")
    func damagedPayload() async throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory.storePath)
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        try await store.recordSuccess(target: "sertica", action: create, vendorId: .set("V1"))
        try await GRDB.DatabaseQueue(path: directory.storePath).write { db in
            try db.execute(sql: "UPDATE snapshot_record SET payload = '{\"mail\": 1.5}'")
        }

        let error = await storeError { _ = try await store.payloads(target: "sertica", anchors: [create.anchor]) }
        #expect(error?.code == .invalidData)
        #expect(error?.message.contains("target sertica, anchor a-1") == true)
    }
}
