import Logging
import SnapshotStore

/// The store a session runs on.
package enum SessionStore: Sendable {
    /// The SQLite file at this path, under its run lock (one run at a time).
    case file(String)
    /// A store opened by the caller, who serialises runs on it (in-process runs).
    case opened(any SnapshotStore)

    /// The store, and the run lock to release when the run ends.
    func open(logger: Logger) throws -> (store: any SnapshotStore, lock: RunLock?) {
        switch self {
        case .file(let path):
            let lock = try RunLock.acquire(forStoreAt: path)
            do {
                return (try SQLiteSnapshotStore(path: path, logger: logger), lock)
            } catch {
                lock.release()
                throw error
            }
        case .opened(let store):
            return (store, nil)
        }
    }
}
