import DirBridgeCore
import Foundation
import GRDB
import PostgresSnapshotStore
import Testing

@testable import SnapshotStore

@Suite("PostgreSQL schema: migrations and refusals")
struct PostgresSchemaTests {
    @Test("An empty database gets the SQLite store's migrations, under the same identifiers and version")
    func migratesFromEmpty() async throws {
        let database = try await PostgresDatabase.create()
        _ = try await openPostgresStore(database.endpoint)

        #expect(try await database.sql("SELECT version FROM dirbridge_schema") == "\(SnapshotSchema.currentVersion)\n")
        let migrations = try await database.sql("SELECT identifier FROM dirbridge_migration ORDER BY identifier")
        #expect(migrations.split(separator: "\n").map(String.init) == SnapshotSchema.migrator.migrations)
        let tables = try await database.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        #expect(Set(tables.split(separator: "\n").map(String.init)).isSuperset(of: [
            "snapshot_record", "run", "run_target_count", "directory_cursor", "directory_group", "dirbridge_run_lock",
        ]))
    }

    @Test("Reopening a current store applies nothing and keeps its data")
    func reopenIsIdempotent() async throws {
        let database = try await PostgresDatabase.create()
        let first = try await openPostgresStore(database.endpoint)
        _ = try await first.beginRun(command: "sync", startedAt: Date())
        let second = try await openPostgresStore(database.endpoint)
        #expect(try await second.recentRuns(limit: 10).count == 1)
    }

    @Test("Two processes opening a new store at once both succeed: the migration is serialised")
    func concurrentOpens() async throws {
        let database = try await PostgresDatabase.create()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask { _ = try await openPostgresStore(database.endpoint) }
            }
            try await group.waitForAll()
        }
        #expect(try await database.sql("SELECT count(*) FROM dirbridge_migration") == "\(SnapshotSchema.currentVersion)\n")
    }

    @Test("A store whose version is newer than this build is refused and left untouched")
    func refusesNewerVersion() async throws {
        let database = try await PostgresDatabase.create()
        _ = try await openPostgresStore(database.endpoint)
        try await database.sql("UPDATE dirbridge_schema SET version = \(SnapshotSchema.currentVersion + 1)")

        let error = await storeError { _ = try await openPostgresStore(database.endpoint) }
        #expect(error?.code == .newerSchema)
        #expect(error?.path == database.endpoint.description)
        #expect(error?.message.contains("schema version \(SnapshotSchema.currentVersion + 1)") == true)
        #expect(try await database.sql("SELECT version FROM dirbridge_schema") == "\(SnapshotSchema.currentVersion + 1)\n")
    }

    @Test("A store with a migration this build does not know is refused")
    func refusesUnknownMigration() async throws {
        let database = try await PostgresDatabase.create()
        _ = try await openPostgresStore(database.endpoint)
        try await database.sql("INSERT INTO dirbridge_migration VALUES ('v9: from the future', 0)")

        let error = await storeError { _ = try await openPostgresStore(database.endpoint) }
        #expect(error?.code == .newerSchema)
        #expect(error?.message.contains("v9: from the future") == true)
    }

    @Test("Another application's database is refused, not adopted")
    func refusesForeignDatabase() async throws {
        let database = try await PostgresDatabase.create()
        try await database.sql("CREATE TABLE invoices (id integer PRIMARY KEY)")

        let error = await storeError { _ = try await openPostgresStore(database.endpoint) }
        #expect(error?.code == .notAStore)
        #expect(error?.message.contains("invoices") == true)
        #expect(try await database.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == "invoices\n")
    }

    @Test("A wrong password cannot open the store, and no message shows a password")
    func wrongPassword() async throws {
        let database = try await PostgresDatabase.create()
        var endpoint = database.endpoint
        endpoint.password = Secret("not-the-password")

        let error = await storeError { _ = try await openPostgresStore(endpoint) }
        #expect(error?.code == .cannotOpen)
        #expect(error?.path == "postgres://dirbridge@127.0.0.1:\(database.server.port)/\(database.name)")
        #expect(error?.description.contains("not-the-password") == false)
        #expect(error?.description.contains(database.server.configuration.password) == false)
    }
}
