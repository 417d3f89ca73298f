import DirBridgeCore
import Logging
import PostgresNIO
import SnapshotStore

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

    /// What errors name as the store: the URL without password.
    var path: String { endpoint.description }

    package init(endpoint: PostgresEndpoint, logger: Logger) async throws {
        self.endpoint = endpoint
        self.logger = logger
        let client = PostgresClient(configuration: try endpoint.clientConfiguration(), backgroundLogger: logger)
        self.client = client
        poolTask = Task { await client.run() }
        do {
            let applied = try await client.withTransaction(logger: logger) { connection in
                try await PostgresSchema.migrate(connection, path: endpoint.description, logger: logger)
            }
            if !applied.isEmpty {
                logger.info(
                    "Migrated snapshot store schema",
                    metadata: ["path": "\(endpoint)", "migrations": "\(applied.joined(separator: ","))"])
            }
        } catch {
            poolTask.cancel()
            throw PostgresStoreError.wrap(error, path: endpoint.description, operation: "checking and migrating the schema")
        }
    }

    deinit {
        poolTask.cancel()
    }

    /// Takes this store's run lock on a session of its own; see ``PostgresRunLock``.
    package func acquireRunLock() async throws -> PostgresRunLock {
        try await PostgresRunLock.acquire(endpoint: endpoint, logger: logger)
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
    func write<T: Sendable>(_ operation: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection) }
        } catch {
            throw PostgresStoreError.wrap(error, path: path, operation: operation)
        }
    }
}
