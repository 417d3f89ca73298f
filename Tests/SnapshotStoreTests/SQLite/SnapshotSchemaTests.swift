import DirBridgeCore
import Foundation
import GRDB
import Testing

@testable import SnapshotStore

@Suite("Schema: migrations and refusals")
struct SnapshotSchemaTests {
    @Test("An absent file becomes a migrated, WAL-mode dirbridge store")
    func migratesFromEmpty() throws {
        let directory = try TemporaryDirectory()
        _ = try openStore(directory.storePath)

        let queue = try DatabaseQueue(path: directory.storePath)
        let (userVersion, applicationID, journalMode, tables, migrations) = try queue.read { db in
            (
                try Int.fetchOne(db, sql: "PRAGMA user_version"),
                try Int32.fetchOne(db, sql: "PRAGMA application_id"),
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try String.fetchSet(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"),
                try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            )
        }
        #expect(userVersion == SnapshotSchema.currentVersion)
        #expect(applicationID == SnapshotSchema.applicationID)
        #expect(journalMode == "wal")
        #expect(tables.isSuperset(of: ["snapshot_record", "run", "run_target_count", "directory_cursor"]))
        #expect(migrations == ["v1", "v2: adopted counts", "v3: directory cursor", "v4: mapping memo", "v5: next account expiry",
                               "v6: record checks without IN lists"])
    }

    @Test("Reopening a current store applies nothing and keeps its data")
    func reopenIsIdempotent() async throws {
        let directory = try TemporaryDirectory()
        let first = try openStore(directory.storePath)
        _ = try await first.beginRun(command: "sync", startedAt: Date())
        let second = try openStore(directory.storePath)
        #expect(try await second.recentRuns(limit: 10).count == 1)
    }

    @Test("Writing a record builds no temporary b-tree: its checks are comparisons, not IN lists")
    func recordWritesUseNoEphemeralTable() throws {
        let directory = try TemporaryDirectory()
        _ = try openStore(directory.storePath)
        let writes = [
            """
            INSERT INTO snapshot_record (target, anchor, dn, payload_hash, state, last_action,
                inflight_payload_hash, created_at, updated_at)
            VALUES ('t', 'a', 'uid=a', '', 'pending', 'create', 'h', 0, 0)
            """,
            "UPDATE snapshot_record SET state = 'active', last_action = 'update' WHERE target = 't' AND anchor = 'a'",
        ]
        let opcodes = try DatabaseQueue(path: directory.storePath).read { db in
            try writes.map { sql in try Row.fetchAll(db, sql: "EXPLAIN \(sql)").map { $0["opcode"] as String } }
        }
        for (sql, program) in zip(writes, opcodes) {
            #expect(program.contains("Insert") || program.contains("Update") || program.contains("IdxInsert"), "\(sql)")
            #expect(!program.contains("OpenEphemeral"), "\(sql)")
        }
    }

    @Test("A version 5 store is migrated with its records, and its checks still hold")
    func migratesVersion5Records() async throws {
        let directory = try TemporaryDirectory()
        let queue = try DatabaseQueue(path: directory.storePath)
        try SnapshotSchema.migrator.migrate(queue, upTo: "v5: next account expiry")
        try await queue.write { db in
            try db.execute(sql: """
                INSERT INTO snapshot_record (target, anchor, dn, vendor_id, payload_hash, payload, state, last_action,
                    created_at, updated_at)
                VALUES ('sertica', 'a-1', 'uid=a-1', 'V1', 'h1', '{"mail":"a@example.org"}', 'active', 'create', 1, 2)
                """)
        }
        try queue.close()

        let store = try openStore(directory.storePath)
        let records = try await store.records(target: "sertica")
        #expect(records.map(\.vendorId) == ["V1"])
        #expect(records.map(\.payloadHash) == ["h1"])
        let payloads = try await store.payloads(target: "sertica", anchors: [Anchor("a-1")])
        #expect(payloads[Anchor("a-1")]?["mail"] == .string("a@example.org"))
        let (version, indexes) = try await DatabaseQueue(path: directory.storePath).read { db in
            (try Int.fetchOne(db, sql: "PRAGMA user_version"),
             try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'snapshot_record'"))
        }
        #expect(version == SnapshotSchema.currentVersion)
        #expect(indexes.contains("snapshot_record_unsettled"))
        for invalid in [
            "UPDATE snapshot_record SET state = 'gone'",
            "UPDATE snapshot_record SET last_action = 'delete'",
            "UPDATE snapshot_record SET state = 'pending', inflight_payload_hash = NULL",
        ] {
            #expect(throws: DatabaseError.self, "\(invalid)") {
                try DatabaseQueue(path: directory.storePath).write { db in try db.execute(sql: invalid) }
            }
        }
    }

    @Test("A store whose user_version is newer than this build is refused and left untouched")
    func refusesNewerUserVersion() async throws {
        let directory = try TemporaryDirectory()
        _ = try openStore(directory.storePath)
        try await DatabaseQueue(path: directory.storePath).write { db in
            try db.execute(sql: "PRAGMA user_version = \(SnapshotSchema.currentVersion + 1)")
        }

        let error = await storeError { _ = try openStore(directory.storePath) }
        #expect(error?.code == .newerSchema)
        #expect(error?.path == directory.storePath)
        #expect(error?.message.contains("schema version \(SnapshotSchema.currentVersion + 1)") == true)
        let version = try await DatabaseQueue(path: directory.storePath).read { db in
            try Int.fetchOne(db, sql: "PRAGMA user_version")
        }
        #expect(version == SnapshotSchema.currentVersion + 1)
    }

    @Test("A store with a migration this build does not know is refused")
    func refusesUnknownMigration() async throws {
        let directory = try TemporaryDirectory()
        _ = try openStore(directory.storePath)
        try await DatabaseQueue(path: directory.storePath).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v2')")
        }

        let error = await storeError { _ = try openStore(directory.storePath) }
        #expect(error?.code == .newerSchema)
        #expect(error?.message.contains("v2") == true)
    }

    @Test("A file that is not a database is reported corrupt, and its bytes are kept")
    func reportsCorruptFile() async throws {
        let directory = try TemporaryDirectory()
        let garbage = Data(String(repeating: "this is not an SQLite database\n", count: 200).utf8)
        try garbage.write(to: URL(fileURLWithPath: directory.storePath))

        let error = await storeError { _ = try openStore(directory.storePath) }
        #expect(error?.code == .corrupt)
        #expect(error?.message.contains("left untouched") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: directory.storePath)) == garbage)
    }

    @Test("Damaged pages behind a valid header are reported corrupt when read")
    func reportsDamagedPages() async throws {
        let directory = try TemporaryDirectory()
        do {
            let store = try openStore(directory.storePath)
            let create = action(.create, "a-1", hash: "h1", payload: payload(mail: "alice@example.org"))
            try await store.recordSuccess(target: "sertica", action: create, vendorId: .set("V1"))
        }
        // Closing the last connection checkpointed the WAL into the main file.
        #expect(!FileManager.default.fileExists(atPath: directory.storePath + "-wal"))
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: directory.storePath))
        let size = try file.seekToEnd()
        try file.seek(toOffset: 4096)  // keep page 1 (header and schema), garble every other page
        try file.write(contentsOf: Data(repeating: 0xA5, count: Int(size) - 4096))
        try file.close()

        let error = await storeError {
            let store = try openStore(directory.storePath)
            _ = try await store.records(target: "sertica")
        }
        #expect(error?.code == .corrupt)
    }

    @Test("Another application's SQLite database is refused, not adopted")
    func refusesForeignDatabase() async throws {
        let directory = try TemporaryDirectory()
        try await DatabaseQueue(path: directory.storePath).write { db in
            try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        }

        let error = await storeError { _ = try openStore(directory.storePath) }
        #expect(error?.code == .notAStore)
        #expect(error?.message.contains("invoices") == true)
        let tables = try await DatabaseQueue(path: directory.storePath).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        }
        #expect(tables == ["invoices"])
    }

    @Test("A path in a missing directory cannot be opened")
    func reportsCannotOpen() async throws {
        let directory = try TemporaryDirectory()
        let error = await storeError { _ = try openStore(directory.path + "/missing/snapshot.sqlite") }
        #expect(error?.code == .cannotOpen)
    }
}
