import DirBridgeCore
import Foundation
import GRDB
import Testing

@testable import SnapshotStore

@Suite("SQLite store: how a success takes its payload")
struct OutcomeWriterTests {
    let target = "sertica"

    private func storedPayloads(_ path: String) async throws -> [String: String] {
        try await DatabaseQueue(path: path).read { db in
            var payloads: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT anchor, payload, inflight_payload FROM snapshot_record") {
                #expect(row["inflight_payload"] as String? == nil)
                payloads[row["anchor"]] = row["payload"]
            }
            return payloads
        }
    }

    @Test("a success copies the payload its pending mark holds under the same hash, and writes its own otherwise")
    func successTakesTheMarkedPayload() async throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory.storePath)
        let marked = action(.create, "a-1", hash: "h1", payload: payload(mail: "ann@example.org"))
        let remapped = action(.create, "b-2", hash: "h2", payload: payload(mail: "bob@example.org"))
        let unmarked = action(.create, "c-3", hash: "h3", payload: payload(mail: "cid@example.org"))
        try await store.markPending(target: target, actions: [marked, remapped])
        // Proves where the stored payload comes from: the mark's text, which a success of the same
        // hash takes as it is.
        try await DatabaseQueue(path: directory.storePath).write { db in
            try db.execute(sql: "UPDATE snapshot_record SET inflight_payload = '{\"mail\":\"as-marked@example.org\"}'")
        }
        var changed = remapped
        changed.payload = payload(mail: "bob.new@example.org")
        changed.payloadHash = "h2-new"
        for (sent, vendorId) in [(marked, "V1"), (changed, "V2"), (unmarked, "V3")] {
            try await store.recordSuccess(target: target, action: sent, vendorId: .set(vendorId))
        }

        let stored = try await storedPayloads(directory.storePath)
        #expect(stored["a-1"] == #"{"mail":"as-marked@example.org"}"#)
        #expect(stored["b-2"] == changed.payload.canonicalJSON)
        #expect(stored["c-3"] == unmarked.payload.canonicalJSON)
        let records = try await store.records(target: target)
        #expect(records.map(\.state) == [.active, .active, .active])
        #expect(records.map(\.vendorId) == ["V1", "V2", "V3"])
        #expect(records.map(\.payloadHash) == ["h1", "h2-new", "h3"])
    }

    @Test("a success whose payload seals a secret never keeps a mark that holds it in clear")
    func sealedSuccessIsWrittenItself() async throws {
        let directory = try TemporaryDirectory()
        let store = try openStore(directory.storePath)
        var clear = payload(mail: "ann@example.org")
        clear.fields["password"] = .string("s3cret-in-clear")
        // A mark of an earlier run, before `password` was declared secret: the same hash.
        let earlier = action(.create, "a-1", hash: "h1", payload: clear)
        try await store.markPending(target: target, actions: [earlier])
        var sealed = earlier
        sealed.payload = clear.sealing(["password"])
        try await store.recordSuccess(target: target, action: sealed, vendorId: .set("V1"))

        let stored = try #require(try await storedPayloads(directory.storePath)["a-1"])
        #expect(!stored.contains("s3cret-in-clear"))
        #expect(stored == sealed.payload.canonicalJSON)
    }
}
