import DirBridgeCore
import Logging
import PostgresNIO
import SnapshotStore
import Synchronization

/// The snapshot store in a PostgreSQL database, for daemons on several hosts sharing one store
/// (active/standby): the same schema, migrations and refusals as ``SQLiteSnapshotStore``, and
/// the run lock as an advisory lock held by the run's own session (``PostgresRunLock``).
///
/// Opening connects, checks the database and applies pending migrations. Every error is a
/// ``SnapshotStoreError`` whose `path` is the URL without password.
package final class PostgresSnapshotStore: SnapshotStore {
    package let endpoint: PostgresEndpoint
    let client: PostgresClient
    let logger: Logger
    /// The pool's background work (connecting, keep-alives); cancelled with the store.
    private let poolTask: Task<Void, Never>
    /// The server process whose session holds this store's run lock, once taken through it.
    private let lockSession = Mutex<Int32?>(nil)

    /// What errors name as the store: the URL without password.
    var path: String { endpoint.description }

    package init(endpoint: PostgresEndpoint, logger: Logger) async throws {
        self.endpoint = endpoint
        self.logger = logger
        // The schema is checked on a connection of its own before the pool starts: the pool
        // retries a refused login in the background until its caller gives up, so a wrong
        // password or an unknown database would otherwise surface late and as a timeout.
        try await Self.migrate(endpoint: endpoint, logger: logger)
        let client = PostgresClient(configuration: try endpoint.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        poolTask = Task { await client.run() }
    }

    private static func migrate(endpoint: PostgresEndpoint, logger: Logger) async throws {
        let operation = "checking and migrating the schema"
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try endpoint.connectionConfiguration(purpose: "schema check"), id: 0, logger: logger)
        } catch {
            throw PostgresStoreError.wrap(error, path: endpoint.description, operation: operation)
        }
        do {
            let applied = try await connection.withTransaction(logger: logger) { connection in
                try await PostgresSchema.migrate(connection, path: endpoint.description, logger: logger)
            }
            try? await connection.close()
            if !applied.isEmpty {
                logger.info(
                    "Migrated snapshot store schema",
                    metadata: ["path": "\(endpoint)", "migrations": "\(applied.joined(separator: ","))"])
            }
        } catch {
            try? await connection.close()
            throw PostgresStoreError.wrap(error, path: endpoint.description, operation: operation)
        }
    }

    deinit {
        poolTask.cancel()
    }

    /// Takes this store's run lock on a session of its own; see ``PostgresRunLock``.
    package func acquireRunLock() async throws -> PostgresRunLock {
        let lock = try await PostgresRunLock.acquire(endpoint: endpoint, logger: logger)
        lockSession.withLock { $0 = lock.sessionPID }
        return lock
    }

    // MARK: - Error funnel

    /// Runs `body` on a pooled connection and turns every failure into a ``SnapshotStoreError``.
    func read<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection) }
        } catch {
            throw PostgresStoreError.wrap(error, path: path, operation: operation)
        }
    }

    /// Runs `body` in a transaction (all of it or none) and turns every failure into a ``SnapshotStoreError``.
    ///
    /// Once this store's run lock is taken, every write is fenced by it: the transaction first
    /// checks that the lock's session still holds the lock. A session can end while its process
    /// lives on (a network partition, `idle_session_timeout`, an administrator's
    /// `pg_terminate_backend`); the standby may then be syncing, and this run must stop writing
    /// (and so sending: nothing is sent before its pending mark is written) rather than run beside it.
    func write<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        let fence = lockSession.withLock { $0 }
        do {
            return try await client.withTransaction(logger: logger) { connection in
                if let fence { try await checkLockHeld(by: fence, on: connection) }
                return try await body(connection)
            }
        } catch {
            throw PostgresStoreError.wrap(error, path: path, operation: operation)
        }
    }

    private func checkLockHeld(by sessionPID: Int32, on connection: PostgresConnection) async throws {
        let key = AdvisoryLockKey.run
        var held = false
        // A bigint advisory key appears in pg_locks split into classid (high half) and objid (low half).
        for try await value in try await connection.query(
            """
            SELECT EXISTS (SELECT 1 FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid = \(sessionPID) AND objsubid = 1
                    AND classid::bigint = \(key >> 32 & 0xFFFF_FFFF) AND objid::bigint = \(key & 0xFFFF_FFFF)
                    AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))
            """,
            logger: logger
        ).decode(Bool.self) {
            held = value
        }
        guard held else {
            throw SnapshotStoreError(
                code: .locked, path: path,
                message: "this run lost the store lock (its session ended): it stops writing so that it never runs beside the run that may hold the lock now")
        }
    }
}
