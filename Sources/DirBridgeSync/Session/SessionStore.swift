import Logging
import SnapshotStore

/// The store a session runs on.
package enum SessionStore: Sendable {
    /// The configured store (SQLite file or PostgreSQL database), under its run lock (one run at a time).
    case configured(ConfiguredStore)
    /// A store opened by the caller, who serialises runs on it (in-process runs).
    case opened(any SnapshotStore)

    /// The store, and the run lock to release when the run ends.
    func open(logger: Logger) async throws -> (store: any SnapshotStore, lock: (any HeldRunLock)?) {
        switch self {
        case .configured(let configured):
            try await configured.openLocked(logger: logger)
        case .opened(let store):
            (store, nil)
        }
    }
}
