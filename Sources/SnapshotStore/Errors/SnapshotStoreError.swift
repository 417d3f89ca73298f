/// Why the snapshot store could not do what was asked, with the store's path and the
/// underlying cause (SQLite's result code and message, or the system's errno).
package struct SnapshotStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure; callers branch on it.
    package struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case cannotOpen, corrupt, notAStore, newerSchema, locked, busy, io, recordNotFound, invalidData
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The file or its directory cannot be opened or created (path, permissions).
        package static let cannotOpen = Code(.cannotOpen)
        /// The file is not an SQLite database, or its pages are damaged. Never recreated:
        /// restore it from a backup or move it away deliberately.
        package static let corrupt = Code(.corrupt)
        /// A valid SQLite database that is not a dirbridge store.
        package static let notAStore = Code(.notAStore)
        /// The store was written by a newer dirbridge schema; this build refuses to touch it.
        package static let newerSchema = Code(.newerSchema)
        /// Another dirbridge run holds the store's run lock.
        package static let locked = Code(.locked)
        /// SQLite stayed busy past the timeout (another process writing outside the run lock).
        package static let busy = Code(.busy)
        /// Reading or writing the file failed (disk full, I/O error, read-only file system).
        package static let io = Code(.io)
        /// An outcome names an anchor the store has no record of, for an action that needs one.
        package static let recordNotFound = Code(.recordNotFound)
        /// A stored value cannot be decoded (unknown state, malformed payload JSON).
        package static let invalidData = Code(.invalidData)

        package var description: String { base.rawValue }
    }

    package var code: Code
    /// The store file (or lock file) concerned.
    package var path: String
    /// What failed, in words an administrator can act on.
    package var message: String
    /// SQLite's extended result code or errno, when one caused the failure.
    package var underlyingCode: Int32?

    package init(code: Code, path: String, message: String, underlyingCode: Int32? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.underlyingCode = underlyingCode
    }

    package var description: String {
        let cause = underlyingCode.map { " (code \($0))" } ?? ""
        return "snapshot store \(path): \(code): \(message)\(cause)"
    }
}
