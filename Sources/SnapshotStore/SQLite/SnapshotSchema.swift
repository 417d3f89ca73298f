import GRDB

/// The store's schema as a list of migrations, and the checks that keep this build from touching
/// a store it does not understand.
///
/// Each migration ends by setting `PRAGMA user_version` to its number, so that tools outside GRDB
/// (and older dirbridge builds) see the schema version too; a store whose version or migration
/// list goes beyond this build's is refused, never downgraded.
enum SnapshotSchema {
    /// The schema version this build writes. Bump it with every new migration.
    static let currentVersion = 6

    /// 'DRBG': marks an SQLite file as a dirbridge store, so a wrong `store:` path is caught.
    static let applicationID: Int32 = 0x4452_4247

    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            // Payload text sits in the same row as the hash: a hash-only scan skips decoding it,
            // and the few payloads a plan needs come by primary key. The primary key serves every
            // per-target read; no index on state: keeping one cost a third of each 100k-outcome
            // write, while finding a target's pending records by scanning 100k rows takes ~60 ms
            // (v3 adds a partial index of the unsettled rows alone).
            try db.execute(
                sql: """
                    CREATE TABLE snapshot_record (
                        target TEXT NOT NULL,
                        anchor TEXT NOT NULL,
                        dn TEXT NOT NULL,
                        vendor_id TEXT,
                        payload_hash TEXT NOT NULL,
                        payload TEXT,
                        state TEXT NOT NULL CHECK (state IN ('active', 'disabled', 'pending', 'failed')),
                        last_action TEXT CHECK (last_action IN ('create', 'update', 'reimport', 'disable')),
                        last_error TEXT,
                        inflight_payload_hash TEXT,
                        inflight_payload TEXT,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (target, anchor),
                        CHECK (state <> 'pending' OR (inflight_payload_hash IS NOT NULL AND last_action IS NOT NULL))
                    )
                    """)
            try db.execute(
                sql: """
                    CREATE TABLE run (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        command TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        outcome TEXT CHECK (outcome IN ('succeeded', 'completed-with-failures', 'blocked', 'aborted')),
                        message TEXT
                    )
                    """)
            try db.execute(
                sql: """
                    CREATE TABLE run_target_count (
                        run_id INTEGER NOT NULL REFERENCES run (id) ON DELETE CASCADE,
                        target TEXT NOT NULL,
                        created INTEGER NOT NULL,
                        updated INTEGER NOT NULL,
                        reimported INTEGER NOT NULL,
                        disabled INTEGER NOT NULL,
                        rejected INTEGER NOT NULL,
                        failed INTEGER NOT NULL,
                        PRIMARY KEY (run_id, target)
                    )
                    """)
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2: adopted counts") { db in
            // Accounts that existed at the vendor and were taken over, apart from those created.
            try db.execute(sql: "ALTER TABLE run_target_count ADD COLUMN adopted INTEGER NOT NULL DEFAULT 0")
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        migrator.registerMigration("v3: directory cursor") { db in
            // One row per directory source: where the next delta read starts (DirectoryCursor).
            try db.execute(
                sql: """
                    CREATE TABLE directory_cursor (
                        source TEXT PRIMARY KEY NOT NULL,
                        cookie BLOB NOT NULL,
                        configuration_fingerprint TEXT NOT NULL,
                        group_fingerprint TEXT NOT NULL,
                        full_read_at REAL NOT NULL,
                        revisit TEXT NOT NULL
                    )
                    """)
            // Every run asks for the unsettled records (to settle pending ones, and to read their
            // users again in a delta): a partial index holds only those, so a quiet run reads a
            // few index pages instead of every row, and writes of settled rows never touch it.
            try db.execute(
                sql: """
                    CREATE INDEX snapshot_record_unsettled ON snapshot_record (target, anchor)
                    WHERE state IN ('pending', 'failed')
                    """)
            // The groups the cursor was read with, one row each: a delta read loads the digests,
            // and the edges of the changed groups only.
            try db.execute(
                sql: """
                    CREATE TABLE directory_group (
                        source TEXT NOT NULL,
                        group_key TEXT NOT NULL,
                        digest TEXT NOT NULL,
                        edges TEXT NOT NULL,
                        PRIMARY KEY (source, group_key)
                    )
                    """)
            try db.execute(sql: "PRAGMA user_version = 3")
        }
        migrator.registerMigration("v4: mapping memo") { db in
            // What each target's users mapped to (MappingMemo), so a full read maps only the users
            // that changed. A cache: losing it costs one run's mapping, nothing else.
            try db.execute(
                sql: """
                    CREATE TABLE mapping_memo (
                        target TEXT NOT NULL,
                        anchor TEXT NOT NULL,
                        fingerprint INTEGER NOT NULL,
                        entry BLOB NOT NULL,
                        PRIMARY KEY (target, anchor)
                    ) WITHOUT ROWID
                    """)
            try db.execute(sql: "PRAGMA user_version = 4")
        }
        migrator.registerMigration("v5: next account expiry") { db in
            // When the earliest account expiry still ahead passes (DirectoryCursor): NULL, none.
            try db.execute(sql: "ALTER TABLE directory_cursor ADD COLUMN next_account_expiry REAL")
            try db.execute(sql: "PRAGMA user_version = 5")
        }
        migrator.registerMigration("v6: record checks without IN lists") { db in
            // SQLite evaluates `state IN (four constants)` by building a temporary b-tree each
            // time a statement checks it: v1's two such CHECKs did so on every insert and update
            // of a record, a third of the cost of writing an outcome. The same constraints as
            // comparisons cost nothing. A CHECK cannot be changed in place: the table is rebuilt.
            try db.execute(
                sql: """
                    CREATE TABLE snapshot_record_v6 (
                        target TEXT NOT NULL,
                        anchor TEXT NOT NULL,
                        dn TEXT NOT NULL,
                        vendor_id TEXT,
                        payload_hash TEXT NOT NULL,
                        payload TEXT,
                        state TEXT NOT NULL
                            CHECK (state = 'active' OR state = 'disabled' OR state = 'pending' OR state = 'failed'),
                        last_action TEXT
                            CHECK (last_action = 'create' OR last_action = 'update' OR last_action = 'reimport'
                                   OR last_action = 'disable'),
                        last_error TEXT,
                        inflight_payload_hash TEXT,
                        inflight_payload TEXT,
                        created_at REAL NOT NULL,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (target, anchor),
                        CHECK (state <> 'pending' OR (inflight_payload_hash IS NOT NULL AND last_action IS NOT NULL))
                    );
                    INSERT INTO snapshot_record_v6 SELECT
                        target, anchor, dn, vendor_id, payload_hash, payload, state, last_action, last_error,
                        inflight_payload_hash, inflight_payload, created_at, updated_at
                    FROM snapshot_record;
                    DROP TABLE snapshot_record;
                    ALTER TABLE snapshot_record_v6 RENAME TO snapshot_record;
                    CREATE INDEX snapshot_record_unsettled ON snapshot_record (target, anchor)
                    WHERE state IN ('pending', 'failed');
                    PRAGMA user_version = 6;
                    """)
        }
        return migrator
    }()

    /// Why this build must not migrate or use the database, or `nil` when it may.
    static func refusal(_ db: Database, path: String) throws -> SnapshotStoreError? {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        let userVersion = try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0
        let tables = try String.fetchSet(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")

        if applicationID != 0 && applicationID != Self.applicationID {
            return SnapshotStoreError(
                code: .notAStore, path: path,
                message: "the file is an SQLite database of another application (application_id \(applicationID))")
        }
        if applicationID == 0 && !tables.isEmpty && !tables.contains("grdb_migrations") {
            return SnapshotStoreError(
                code: .notAStore, path: path,
                message: "the file is an SQLite database with other tables (\(tables.sorted().joined(separator: ", ")))"
                    + " and no dirbridge schema")
        }
        let unknownMigrations = try migrator.appliedIdentifiers(db).subtracting(migrator.migrations)
        if userVersion > currentVersion || !unknownMigrations.isEmpty {
            let applied = unknownMigrations.isEmpty ? "" : " (migrations \(unknownMigrations.sorted().joined(separator: ", ")))"
            return SnapshotStoreError(
                code: .newerSchema, path: path,
                message: "the store has schema version \(userVersion)\(applied), written by a newer dirbridge;"
                    + " this build knows up to version \(currentVersion). Run a dirbridge at least as new,"
                    + " or restore a backup; the store was left untouched")
        }
        return nil
    }
}
