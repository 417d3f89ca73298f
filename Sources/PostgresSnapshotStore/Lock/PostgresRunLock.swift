import Foundation
import Logging
import PostgresNIO
import SnapshotStore
import Synchronization

/// The run lock of a PostgreSQL store: a session-level advisory lock held by a connection of its
/// own for the whole run. PostgreSQL drops it when that session ends, so a run killed with
/// SIGKILL (or a host that vanishes, once TCP notices) never wedges the next one: the standby's
/// next tick takes it.
///
/// The holder writes its pid, host and start time into `dirbridge_run_lock` while it holds the
/// lock; a run refused the lock names the holder from that row, trusted only while the session
/// that wrote it is still alive and holds an advisory lock.
package final class PostgresRunLock: HeldRunLock {
    package let holder: RunLockHolder
    /// The server process of the session holding the lock: what the store's writes check
    /// (``PostgresSnapshotStore``'s fence) to learn whether the lock is still theirs.
    let sessionPID: Int32
    private let endpoint: String
    private let logger: Logger
    private let connection: Mutex<PostgresConnection?>

    private init(holder: RunLockHolder, sessionPID: Int32, endpoint: String, logger: Logger, connection: PostgresConnection) {
        self.holder = holder
        self.sessionPID = sessionPID
        self.endpoint = endpoint
        self.logger = logger
        self.connection = Mutex(connection)
    }

    deinit {
        // Closing the session releases the lock.
        connection.withLock { $0.take() }?.close().whenComplete { _ in }
    }

    /// Takes the run lock of the store at `endpoint` without waiting. The store must have been
    /// opened (migrated) once: the holder table is part of its bookkeeping.
    ///
    /// - Throws: ``SnapshotStoreError`` with code ``SnapshotStoreError/Code/locked`` naming the
    ///   holder when another run holds it, ``SnapshotStoreError/Code/cannotOpen`` when the server
    ///   cannot be reached.
    package static func acquire(endpoint: PostgresEndpoint, logger: Logger) async throws -> PostgresRunLock {
        let path = endpoint.description
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try endpoint.connectionConfiguration(purpose: "run lock"), id: 0, logger: logger)
        } catch {
            throw PostgresStoreError.wrap(error, path: path, operation: "connecting for the run lock")
        }
        do {
            var taken = false
            for try await result in try await connection.query(
                "SELECT pg_try_advisory_lock(\(AdvisoryLockKey.run))", logger: logger
            ).decode(Bool.self) {
                taken = result
            }
            guard taken else {
                let who = try await liveHolder(on: connection, logger: logger).map { "another dirbridge run (\($0))" }
                    ?? "another session (holder unknown)"
                throw SnapshotStoreError(code: .locked, path: path, message: "\(who) holds the store lock")
            }
            let holder = RunLockHolder.current()
            var sessionPID: Int32 = 0
            for try await pid in try await connection.query(
                """
                INSERT INTO dirbridge_run_lock (lock_key, backend_pid, pid, host, started_at)
                VALUES (\(AdvisoryLockKey.run), pg_backend_pid(), \(Int(holder.pid)), \(holder.host),
                    \(holder.startedAt.timeIntervalSince1970))
                ON CONFLICT (lock_key) DO UPDATE SET backend_pid = excluded.backend_pid, pid = excluded.pid,
                    host = excluded.host, started_at = excluded.started_at
                RETURNING backend_pid
                """,
                logger: logger
            ).decode(Int32.self) {
                sessionPID = pid
            }
            return PostgresRunLock(holder: holder, sessionPID: sessionPID, endpoint: path, logger: logger, connection: connection)
        } catch {
            try? await connection.close()
            throw PostgresStoreError.wrap(error, path: path, operation: "taking the run lock")
        }
    }

    /// The holder row, when the session that wrote it still holds an advisory lock in this database.
    private static func liveHolder(on connection: PostgresConnection, logger: Logger) async throws -> RunLockHolder? {
        let rows = try await connection.query(
            """
            SELECT h.pid, h.host, h.started_at FROM dirbridge_run_lock h
            WHERE h.lock_key = \(AdvisoryLockKey.run) AND EXISTS (
                SELECT 1 FROM pg_locks l
                WHERE l.locktype = 'advisory' AND l.granted AND l.pid = h.backend_pid
                    AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))
            """,
            logger: logger)
        for try await (pid, host, startedAt) in rows.decode((Int, String, Double).self) {
            return RunLockHolder(pid: Int32(truncatingIfNeeded: pid), host: host, startedAt: Date(timeIntervalSince1970: startedAt))
        }
        return nil
    }

    /// Clears the holder row, unlocks and ends the session. The unlock is explicit so the lock is
    /// free when this returns: a closed socket alone frees it only once the server notices.
    /// Idempotent; a failure only means the session is already gone, and the lock with it.
    package func release() async {
        guard let connection = connection.withLock({ $0.take() }) else { return }
        // PostgresNIO never answers a query sent on a connection that is already closed.
        if !connection.isClosed {
            do {
                try await connection.query(
                    """
                    WITH cleared AS (
                        DELETE FROM dirbridge_run_lock WHERE lock_key = \(AdvisoryLockKey.run) AND backend_pid = pg_backend_pid())
                    SELECT pg_advisory_unlock(\(AdvisoryLockKey.run))
                    """,
                    logger: logger)
            } catch {
                logger.debug(
                    "clearing the run lock failed; closing the session releases the lock anyway",
                    metadata: ["store": "\(endpoint)"])
            }
        }
        try? await connection.close()
    }

    /// Whether this value still holds the lock (it has not been released).
    package var isHeld: Bool {
        connection.withLock { $0 != nil }
    }
}
