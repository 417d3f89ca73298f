import PostgresNIO
import SnapshotStore

/// Turns what PostgresNIO throws into a ``SnapshotStoreError`` naming the operation and the
/// server's own message (PSQLError's description hides it on purpose; the SQLSTATE and message
/// carry no data values, so they are safe to log).
enum PostgresStoreError {
    static func wrap(_ error: any Error, path: String, operation: String) -> any Error {
        // A transaction reports what failed inside it (a refusal thrown by the store, a server
        // error) wrapped with the rollback's fate; the inner failure is the one to act on.
        if let transaction = error as? PostgresTransactionError,
            let cause = transaction.closureError ?? transaction.beginError ?? transaction.commitError
        {
            return wrap(cause, path: path, operation: operation)
        }
        if error is SnapshotStoreError || error is CancellationError {
            return error
        }
        guard let error = error as? PSQLError else {
            return SnapshotStoreError(code: .io, path: path, message: "\(operation): \(error)")
        }
        guard let sqlState = error.serverInfo?[.sqlState] else {
            // No server answer: the connection could not be made or was lost.
            let cause = error.underlying.map { "\($0)" } ?? "\(error.code)"
            return SnapshotStoreError(code: .cannotOpen, path: path, message: "\(operation): cannot reach the server: \(cause)")
        }
        let code: SnapshotStoreError.Code =
            if sqlState.hasPrefix("28") || sqlState.hasPrefix("3D") || sqlState == "42501" {
                .cannotOpen  // authentication, unknown database, missing privilege
            } else if sqlState.hasPrefix("40") || sqlState.hasPrefix("55") {
                .busy  // serialization failure, deadlock, lock not available
            } else {
                .io
            }
        let message = error.serverInfo?[.message] ?? "\(error.code)"
        return SnapshotStoreError(code: code, path: path, message: "\(operation): \(message) (SQLSTATE \(sqlState))")
    }
}
