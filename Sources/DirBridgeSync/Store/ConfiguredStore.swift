import DirBridgeConfig
import DirBridgeCore
import Foundation
import Logging
import PostgresSnapshotStore
import SnapshotStore

/// The one place that turns the configuration's `store:` into a store and its run lock, so every
/// command (sync, run, plan, history, issues, check, demo) meets the same backend.
package struct ConfiguredStore: Sendable {
    package var configuration: StoreConfiguration

    package init(_ configuration: StoreConfiguration) {
        self.configuration = configuration
    }

    /// The file path or the URL without password.
    package var location: String { configuration.location }

    /// Opens the store, creating it (SQLite file, PostgreSQL tables) and migrating it as needed.
    package func open(logger: Logger) async throws -> any SnapshotStore {
        switch configuration.backend {
        case .sqlite(let path):
            try SQLiteSnapshotStore(path: path, logger: logger)
        case .postgres(let postgres):
            try await PostgresSnapshotStore(endpoint: try Self.endpoint(postgres), logger: logger)
        }
    }

    /// Opens the store when one exists: `nil` for an SQLite file not created yet, so that
    /// commands which only look (history, issues) never create one. A PostgreSQL database is
    /// always there, and getting its (empty) tables costs nothing.
    package func openExisting(logger: Logger) async throws -> (any SnapshotStore)? {
        if case .sqlite(let path) = configuration.backend, !FileManager.default.fileExists(atPath: path) {
            return nil
        }
        return try await open(logger: logger)
    }

    /// Takes the run lock without waiting, then opens the store; the lock is released if the
    /// store cannot be opened.
    ///
    /// A PostgreSQL store is opened first: the holder table the lock writes is part of its
    /// bookkeeping, and the migration is safe to run concurrently (it takes a lock of its own).
    ///
    /// - Throws: ``SnapshotStoreError`` with code ``SnapshotStoreError/Code/locked`` when another run holds it.
    package func openLocked(logger: Logger) async throws -> (store: any SnapshotStore, lock: any HeldRunLock) {
        switch configuration.backend {
        case .sqlite(let path):
            let lock = try RunLock.acquire(forStoreAt: path)
            do {
                return (try SQLiteSnapshotStore(path: path, logger: logger), lock)
            } catch {
                lock.release()
                throw error
            }
        case .postgres(let postgres):
            let store = try await PostgresSnapshotStore(endpoint: try Self.endpoint(postgres), logger: logger)
            return (store, try await store.acquireRunLock())
        }
    }

    /// Whether a run holds the lock right now: takes it without waiting and drops it at once,
    /// so a running sync is never held up. Throws ``SnapshotStoreError/Code/locked`` when held.
    package func probeRunLock(logger: Logger) async throws {
        let (_, lock) = try await openLocked(logger: logger)
        await lock.release()
    }

    /// The connection settings, with the password read now from where the configuration names it.
    private static func endpoint(_ configuration: PostgresStoreConfiguration) throws(SnapshotStoreError) -> PostgresEndpoint {
        var password: Secret?
        if let reference = configuration.password {
            do {
                password = try reference.resolve()
            } catch {
                throw SnapshotStoreError(
                    code: .cannotOpen, path: configuration.url, message: "reading the store password: \(error.reason)")
            }
        }
        return PostgresEndpoint(
            host: configuration.host, port: configuration.port, username: configuration.username,
            database: configuration.database, password: password,
            tls: configuration.tls == .require ? .require : .disable, caFile: configuration.caFile)
    }
}

extension LoadedConfiguration {
    /// The configured store, through the one factory.
    package var store: ConfiguredStore { ConfiguredStore(configuration.store) }
}
