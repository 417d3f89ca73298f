import Logging
import PostgresNIO
import SnapshotStore

/// The store's schema in PostgreSQL: the same tables and the same migrations, under the same
/// identifiers, as the SQLite store's (`SnapshotSchema`), so a version number means one schema
/// whatever the backend; and the same refusals of a database this build does not understand.
///
/// SQLite keeps the version in `PRAGMA user_version` and GRDB's `grdb_migrations`; here
/// `dirbridge_schema` (one row) and `dirbridge_migration` hold them. Keys and anchors are
/// `COLLATE "C"`, so that ordered reads come back in byte order as SQLite's do, whatever the
/// database's locale. Times are seconds since 1970 (`double precision`), as SQLite's `REAL`.
enum PostgresSchema {
    /// One step of the schema, applied in one transaction with its bookkeeping.
    struct Migration: Sendable {
        var identifier: String
        var statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(
            identifier: "v1",
            statements: [
                """
                CREATE TABLE snapshot_record (
                    target TEXT COLLATE "C" NOT NULL,
                    anchor TEXT COLLATE "C" NOT NULL,
                    dn TEXT NOT NULL,
                    vendor_id TEXT,
                    payload_hash TEXT NOT NULL,
                    payload TEXT,
                    state TEXT NOT NULL CHECK (state IN ('active', 'disabled', 'pending', 'failed')),
                    last_action TEXT CHECK (last_action IN ('create', 'update', 'reimport', 'disable')),
                    last_error TEXT,
                    inflight_payload_hash TEXT,
                    inflight_payload TEXT,
                    created_at DOUBLE PRECISION NOT NULL,
                    updated_at DOUBLE PRECISION NOT NULL,
                    PRIMARY KEY (target, anchor),
                    CHECK (state <> 'pending' OR (inflight_payload_hash IS NOT NULL AND last_action IS NOT NULL))
                )
                """,
                """
                CREATE TABLE run (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    command TEXT NOT NULL,
                    started_at DOUBLE PRECISION NOT NULL,
                    finished_at DOUBLE PRECISION,
                    outcome TEXT CHECK (outcome IN ('succeeded', 'completed-with-failures', 'blocked', 'aborted')),
                    message TEXT
                )
                """,
                """
                CREATE TABLE run_target_count (
                    run_id BIGINT NOT NULL REFERENCES run (id) ON DELETE CASCADE,
                    target TEXT COLLATE "C" NOT NULL,
                    created BIGINT NOT NULL,
                    updated BIGINT NOT NULL,
                    reimported BIGINT NOT NULL,
                    disabled BIGINT NOT NULL,
                    rejected BIGINT NOT NULL,
                    failed BIGINT NOT NULL,
                    PRIMARY KEY (run_id, target)
                )
                """,
            ]),
        Migration(
            identifier: "v2: adopted counts",
            statements: ["ALTER TABLE run_target_count ADD COLUMN adopted BIGINT NOT NULL DEFAULT 0"]),
        Migration(
            identifier: "v3: directory cursor",
            statements: [
                """
                CREATE TABLE directory_cursor (
                    source TEXT COLLATE "C" PRIMARY KEY NOT NULL,
                    cookie BYTEA NOT NULL,
                    configuration_fingerprint TEXT NOT NULL,
                    group_fingerprint TEXT NOT NULL,
                    full_read_at DOUBLE PRECISION NOT NULL,
                    revisit TEXT NOT NULL
                )
                """,
                // As in SQLite: only the unsettled rows, asked for by every run.
                """
                CREATE INDEX snapshot_record_unsettled ON snapshot_record (target, anchor)
                WHERE state IN ('pending', 'failed')
                """,
                """
                CREATE TABLE directory_group (
                    source TEXT COLLATE "C" NOT NULL,
                    group_key TEXT COLLATE "C" NOT NULL,
                    digest TEXT NOT NULL,
                    edges TEXT NOT NULL,
                    PRIMARY KEY (source, group_key)
                )
                """,
            ]),
        Migration(
            identifier: "v4: mapping memo",
            statements: [
                """
                CREATE TABLE mapping_memo (
                    target TEXT COLLATE "C" NOT NULL,
                    anchor TEXT COLLATE "C" NOT NULL,
                    fingerprint BIGINT NOT NULL,
                    entry BYTEA NOT NULL,
                    PRIMARY KEY (target, anchor)
                )
                """,
            ]),
        Migration(
            identifier: "v5: next account expiry",
            statements: ["ALTER TABLE directory_cursor ADD COLUMN next_account_expiry DOUBLE PRECISION"]),
        // SQLite rewrites its record CHECKs (an IN list there builds a temporary b-tree per
        // write); PostgreSQL's are already cheap: the same version, nothing to change.
        Migration(identifier: "v6: record checks without IN lists", statements: []),
    ]

    /// The schema version this build writes: one per migration, as in SQLite.
    static var currentVersion: Int { migrations.count }

    /// Outside the numbered schema, as SQLite's `user_version` and lock file are: the version
    /// bookkeeping, and who holds the run lock (written by the holder under the advisory lock).
    private static let bookkeeping = [
        """
        CREATE TABLE IF NOT EXISTS dirbridge_schema (
            singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
            version INTEGER NOT NULL
        )
        """,
        "CREATE TABLE IF NOT EXISTS dirbridge_migration (identifier TEXT PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS dirbridge_run_lock (
            lock_key BIGINT PRIMARY KEY,
            backend_pid INTEGER NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            started_at DOUBLE PRECISION NOT NULL
        )
        """,
        "INSERT INTO dirbridge_schema (version) VALUES (0) ON CONFLICT DO NOTHING",
    ]

    /// Checks the database and applies the pending migrations, in one transaction that holds an
    /// advisory lock: two daemons starting together never migrate the same database at once.
    ///
    /// - Returns: the identifiers of the migrations applied.
    static func migrate(_ connection: PostgresConnection, path: String, logger: Logger) async throws -> [String] {
        _ = try await connection.query("SELECT pg_advisory_xact_lock(\(AdvisoryLockKey.migration))", logger: logger)
        var tables: Set<String> = []
        for try await name in try await connection.query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()", logger: logger
        ).decode(String.self) {
            tables.insert(name)
        }
        var applied: Set<String> = []
        var version = 0
        if tables.contains("dirbridge_migration") {
            for try await identifier in try await connection.query(
                "SELECT identifier FROM dirbridge_migration", logger: logger
            ).decode(String.self) {
                applied.insert(identifier)
            }
            for try await stored in try await connection.query(
                "SELECT version FROM dirbridge_schema", logger: logger
            ).decode(Int.self) {
                version = stored
            }
        }
        if let refusal = refusal(tables: tables, applied: applied, version: version, path: path) {
            throw refusal
        }
        for statement in bookkeeping {
            try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        var pending: [String] = []
        for (index, migration) in migrations.enumerated() where !applied.contains(migration.identifier) {
            for statement in migration.statements {
                try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query(
                "INSERT INTO dirbridge_migration (identifier, applied_at) VALUES (\(migration.identifier), extract(epoch FROM now()))",
                logger: logger)
            try await connection.query("UPDATE dirbridge_schema SET version = \(index + 1)", logger: logger)
            pending.append(migration.identifier)
        }
        return pending
    }

    /// Why this build must not migrate or use the database, or `nil` when it may: the rules of
    /// the SQLite store, for a database instead of a file.
    private static func refusal(tables: Set<String>, applied: Set<String>, version: Int, path: String) -> SnapshotStoreError? {
        if !tables.isEmpty && !tables.contains("dirbridge_migration") {
            return SnapshotStoreError(
                code: .notAStore, path: path,
                message: "the database has other tables (\(tables.sorted().joined(separator: ", "))) and no dirbridge schema;"
                    + " give dirbridge a database of its own")
        }
        let unknownMigrations = applied.subtracting(migrations.map(\.identifier))
        if version > currentVersion || !unknownMigrations.isEmpty {
            let listed = unknownMigrations.isEmpty ? "" : " (migrations \(unknownMigrations.sorted().joined(separator: ", ")))"
            return SnapshotStoreError(
                code: .newerSchema, path: path,
                message: "the store has schema version \(version)\(listed), written by a newer dirbridge;"
                    + " this build knows up to version \(currentVersion). Run a dirbridge at least as new,"
                    + " or restore a backup; the store was left untouched")
        }
        return nil
    }
}
