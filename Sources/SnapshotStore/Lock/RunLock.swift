#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

/// Keeps two dirbridge runs on the same store from overlapping, across processes and hosts
/// sharing a local file system.
///
/// The lock is `flock(2)` on a sidecar file `<store>.lock`: the kernel drops it when the holding
/// process dies, so a run killed with SIGKILL never wedges the next one. The file records the
/// holder's pid, host and start time for the message the next run prints. It is never deleted:
/// unlinking a lock file lets a third process lock a new inode while the second still holds the
/// old one. (`flock` is not reliable on NFS; keep the store on a local volume.)
///
/// This file is the only one in the module that calls the C library.
package final class RunLock: HeldRunLock {
    /// The lock file.
    package let path: String
    /// What this run wrote into the lock file.
    package let holder: RunLockHolder
    private let descriptor: Mutex<Int32?>

    private init(path: String, holder: RunLockHolder, descriptor: Int32) {
        self.path = path
        self.holder = holder
        self.descriptor = Mutex(descriptor)
    }

    deinit {
        release()
    }

    /// The lock file that belongs to the store at `storePath`.
    package static func lockPath(forStoreAt storePath: String) -> String {
        storePath + ".lock"
    }

    /// Takes the run lock of the store at `storePath` without waiting.
    ///
    /// - Throws: ``SnapshotStoreError`` with code ``SnapshotStoreError/Code/locked`` naming the
    ///   holder when another run holds it, ``SnapshotStoreError/Code/cannotOpen`` or
    ///   ``SnapshotStoreError/Code/io`` when the lock file cannot be opened or written.
    package static func acquire(forStoreAt storePath: String) throws -> RunLock {
        let path = lockPath(forStoreAt: storePath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw systemError(.cannotOpen, path: path, operation: "opening the run lock file")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let lockErrno = errno
            let holder = readHolder(descriptor)
            close(descriptor)
            guard lockErrno == EWOULDBLOCK else {
                throw SnapshotStoreError(
                    code: .io, path: path, message: "taking the run lock: \(String(cString: strerror(lockErrno)))",
                    underlyingCode: lockErrno)
            }
            let who = holder.map { "another dirbridge run (\($0))" } ?? "another process (holder unknown)"
            throw SnapshotStoreError(code: .locked, path: path, message: "\(who) holds the store lock")
        }
        let holder = RunLockHolder.current()
        let contents = Array(holder.fileContents.utf8)
        let written = contents.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        guard ftruncate(descriptor, off_t(contents.count)) == 0, written == contents.count else {
            let error = systemError(.io, path: path, operation: "writing the run lock holder")
            close(descriptor)
            throw error
        }
        return RunLock(path: path, holder: holder, descriptor: descriptor)
    }

    /// Releases the lock now rather than when the value is deinitialised. Idempotent.
    package func release() {
        descriptor.withLock { descriptor in
            guard let open = descriptor else { return }
            // Empty the file first so no one reads this run's details as a live holder.
            _ = ftruncate(open, 0)
            close(open)  // closing the only descriptor of the open file description drops the flock
            descriptor = nil
        }
    }

    /// Whether this value still holds the lock.
    package var isHeld: Bool {
        descriptor.withLock { $0 != nil }
    }

    private static func readHolder(_ descriptor: Int32) -> RunLockHolder? {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return nil }
        return RunLockHolder(fileContents: String(decoding: buffer[..<count], as: UTF8.self))
    }

    private static func systemError(_ code: SnapshotStoreError.Code, path: String, operation: String) -> SnapshotStoreError {
        let number = errno
        return SnapshotStoreError(
            code: code, path: path, message: "\(operation): \(String(cString: strerror(number)))",
            underlyingCode: number)
    }
}
