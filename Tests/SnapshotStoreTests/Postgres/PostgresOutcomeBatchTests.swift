import DirBridgeCore
import Foundation
import Testing

@testable import SnapshotStore

@Suite("PostgreSQL store: batched outcome writes")
struct PostgresOutcomeBatchTests {
    @Test("10k outcomes are written as column arrays in one transaction each way")
    func largeBatch() async throws {
        let store = try await openPostgresStore(PostgresDatabase.create().endpoint)
        let actions = (0..<10_000).map { index in
            action(.create, String(format: "a-%06d", index), hash: "h\(index)", payload: payload(mail: "user\(index)@example.org"))
        }
        let clock = ContinuousClock()
        let pending = try await clock.measure { try await store.record(actions.map(SnapshotOutcome.pending), target: "t") }
        let succeeded = try await clock.measure {
            try await store.record(actions.map { .succeeded($0, vendorId: .set("V-\($0.anchor.value)")) }, target: "t")
        }
        print("PostgreSQL store: 10k pending marks in \(pending), 10k successes in \(succeeded)")
        let records = try await store.records(target: "t")
        #expect(records.count == 10_000)
        #expect(records.allSatisfy { $0.state == .active && $0.vendorId == "V-\($0.anchor.value)" })
        #expect(records.map(\.anchor.value) == actions.map(\.anchor.value), "anchor order, as SQLite's")
        #expect(try await store.pendingRecords(target: "t").isEmpty)
    }

    @Test("An anchor met twice in one batch is written in order: pending, then its success")
    func repeatedAnchor() async throws {
        let store = try await openPostgresStore(PostgresDatabase.create().endpoint)
        let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
        let other = action(.create, "a-2", hash: "h2", payload: payload(mail: "bob@example.org"))
        try await store.record(
            [.pending(create), .pending(other), .succeeded(create, vendorId: .set("V1"))], target: "t")

        let records = try await store.records(target: "t")
        #expect(records.map(\.state) == [.active, .pending])
        #expect(records.first?.vendorId == "V1")
        #expect(try await store.pendingRecords(target: "t").map(\.record.anchor.value) == ["a-2"])
    }
}
