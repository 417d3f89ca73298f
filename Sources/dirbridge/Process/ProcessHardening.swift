#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the process does to itself before anything else: dirbridge holds directory data and
/// vendor secrets in memory and on disk.
enum ProcessHardening {
    static func apply() {
        // Every file dirbridge creates (store, its -wal/-shm, lock, reports) is private to its user,
        // whatever umask it was started with. The metrics textfile opts back in to 0644 itself.
        umask(0o077)
        // A core dump would write the secrets in memory to disk.
        var noCore = rlimit(rlim_cur: 0, rlim_max: 0)
        _ = setrlimit(Int32(RLIMIT_CORE.rawValue), &noCore)
        // A vendor or directory connection closed under a write must be an error, not a silent exit.
        _ = signal(SIGPIPE, SIG_IGN)
    }
}
