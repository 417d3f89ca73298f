import DirBridgeCore
import Foundation
import GRDB
import Logging

/// The snapshot store in one SQLite file, in WAL mode so that reads (plans, reports) never wait
/// for the dispatcher's writes.
///
/// Opening creates the file when absent and applies pending schema migrations. It refuses a
/// file that is not a database, another application's database, or a store written by a newer
/// schema; none of these is ever recreated or downgraded.
package final class SQLiteSnapshotStore: SnapshotStore {
    /// The store file.
    package let path: String
    let pool: DatabasePool
    let logger: Logger

    /// Opens (creating if needed) and migrates the store at `path`.
    ///
    /// - Parameter busyTimeout: how long a write waits for another connection's write before
    ///   failing with ``SnapshotStoreError/Code/busy``. Runs are serialised by ``RunLock``; this
    ///   only covers readers such as a concurrent `plan`.
    package init(path: String, busyTimeout: Duration = .seconds(10), logger: Logger) throws {
        self.path = path
        self.logger = logger
        var configuration = Configuration()
        let (seconds, attoseconds) = busyTimeout.components
        configuration.busyMode = .timeout(TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18)
        configuration.foreignKeysEnabled = true
        configuration.label = "dirbridge-snapshot"
        configuration.prepareDatabase { db in
            // Readers scan a target's rows once, in order: a page is not read twice, so SQLite's
            // default 2 MiB cache per reader (up to five) only held pages already used.
            if db.configuration.readonly { try db.execute(sql: "PRAGMA cache_size = -256") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try pool.writeWithoutTransaction { db in
                // GRDB's WAL default is NORMAL, where a power loss can undo the last commits. A lost
                // `pending` mark or success could make the next run create a user twice, so every
                // commit reaches the disk before the dispatcher sends anything on its strength.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                // 8 MiB for the writer: its cache keeps every page it touched, and a first sync
                // touches the whole store (64 MiB was a tenth of its peak memory); a 100k-row
                // transaction spilling to the WAL early measured no slower (dirbridge-bench store).
                try db.execute(sql: "PRAGMA cache_size = -8192")
            }
        } catch {
            throw Self.storeError(error, path: path, operation: "opening the store")
        }
        try migrate()
    }

    private func migrate() throws {
        do {
            if let refusal = try pool.read({ db in try SnapshotSchema.refusal(db, path: path) }) {
                throw refusal
            }
            let applied = try pool.read { db in try SnapshotSchema.migrator.appliedMigrations(db) }
            try SnapshotSchema.migrator.migrate(pool)
            let pending = SnapshotSchema.migrator.migrations.filter { !applied.contains($0) }
            if !pending.isEmpty {
                logger.info(
                    "Migrated snapshot store schema",
                    metadata: ["path": "\(path)", "migrations": "\(pending.joined(separator: ","))"])
            }
        } catch {
            throw Self.storeError(error, path: path, operation: "checking and migrating the schema")
        }
    }

    /// The path of the run lock file that belongs to this store.
    package var lockPath: String { RunLock.lockPath(forStoreAt: path) }

    /// Takes this store's run lock; see ``RunLock/acquire(forStoreAt:)``.
    package func acquireRunLock() throws -> RunLock {
        try RunLock.acquire(forStoreAt: path)
    }

    // MARK: - Error funnel

    /// Runs a read and turns every failure into a ``SnapshotStoreError``.
    func read<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error, path: path, operation: operation)
        }
    }

    /// Runs a write transaction and turns every failure into a ``SnapshotStoreError``.
    func write<T: Sendable>(
        _ operation: String, _ body: @escaping @Sendable (Database) throws -> T
    ) async throws -> T {
        do {
            return try await pool.write(body)
        } catch {
            throw Self.storeError(error, path: path, operation: operation)
        }
    }

    static func storeError(_ error: any Error, path: String, operation: String) -> any Error {
        if error is SnapshotStoreError || error is CancellationError {
            return error
        }
        guard let databaseError = error as? DatabaseError else {
            return SnapshotStoreError(code: .io, path: path, message: "\(operation): \(error)")
        }
        let code: SnapshotStoreError.Code =
            switch databaseError.resultCode {
            case .SQLITE_NOTADB: .corrupt
            case .SQLITE_CORRUPT: .corrupt
            case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH: .cannotOpen
            case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
            default: .io
            }
        let detail =
            code == .corrupt
            ? "the file is not a valid SQLite database or is damaged; it was left untouched"
                + " (restore a backup or move it away deliberately)"
            : databaseError.message ?? "\(databaseError.resultCode)"
        return SnapshotStoreError(
            code: code, path: path, message: "\(operation): \(detail)",
            underlyingCode: databaseError.extendedResultCode.rawValue)
    }
}
