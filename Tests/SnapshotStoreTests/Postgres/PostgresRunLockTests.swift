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
}
