import Foundation
@testable import PostgresSnapshotStore
import Testing

@testable import SnapshotStore

@Suite("PostgreSQL run lock (advisory lock)")
struct PostgresRunLockTests {
    @Test("A second session is refused naming the holder; release lets the next run in")
    func contention() async throws {
        let database = try await PostgresDatabase.create()
        let store = try await openPostgresStore(database.endpoint)
        let first = try await store.acquireRunLock()
        #expect(first.isHeld)

        let error = await storeError { _ = try await store.acquireRunLock() }
        #expect(error?.code == .locked)
        #expect(error?.path == database.endpoint.description)
        let message = error?.message ?? ""
        #expect(message.contains("another dirbridge run (pid \(ProcessInfo.processInfo.processIdentifier)"))
        #expect(message.contains("on host \(ProcessInfo.processInfo.hostName)"))
        #expect(message.hasSuffix("holds the store lock"))

        await first.release()
        #expect(!first.isHeld)
        let second = try await store.acquireRunLock()
        #expect(second.isHeld)
        await second.release()
    }

    @Test("The lock dies with the holder's session, and a dead holder is never named")
    func releasedWhenTheSessionDies() async throws {
        let database = try await PostgresDatabase.create()
        let store = try await openPostgresStore(database.endpoint)
        let holder = try await store.acquireRunLock()
        // What a SIGKILLed daemon leaves: its session gone, its holder row still there.
        try await database.sql("SELECT pg_terminate_backend(backend_pid) FROM dirbridge_run_lock")
        try await Task.sleep(for: .milliseconds(200))

        let next = try await store.acquireRunLock()
        #expect(next.isHeld)
        await next.release()
        await holder.release()  // the session is already gone: nothing to do, no error

        // A session holding the key without a holder row is "holder unknown".
        let locker = Task { try await database.sql("SELECT pg_advisory_lock(\(AdvisoryLockKey.run)), pg_sleep(5)") }
        try await Task.sleep(for: .milliseconds(500))
        let error = await storeError { _ = try await store.acquireRunLock() }
        #expect(error?.code == .locked)
        #expect(error?.message == "another session (holder unknown) holds the store lock")
        locker.cancel()
    }

    @Test("A run whose lock session ended can no longer write, so it never runs beside the next holder")
    func writesAreFencedByTheLock() async throws {
        let database = try await PostgresDatabase.create()
        let store = try await openPostgresStore(database.endpoint)
        let lock = try await store.acquireRunLock()
        let first = action(.create, "a-1", hash: "h1", payload: payload(mail: "one@example.org"))
        try await store.record([.pending(first)], target: "t")

        // The process lives on, its session does not (a partition, idle_session_timeout, an admin).
        try await database.sql("SELECT pg_terminate_backend(backend_pid) FROM dirbridge_run_lock")
        let next = try await openPostgresStore(database.endpoint).acquireRunLock()

        let error = await storeError { try await store.record([.succeeded(first, vendorId: .set("V-1"))], target: "t") }
        #expect(error?.code == .locked)
        #expect(error?.message.contains("lost the store lock") == true)
        let records = try await store.records(target: "t")
        #expect(records.map(\.state) == [.pending], "the refused write changed nothing")
        await next.release()
        await lock.release()
    }
}
