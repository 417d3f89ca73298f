#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import Synchronization

extension PostgresServer {
    /// One server for the whole test process, started on first use: a cluster takes a second or
    /// two to create, a database a few milliseconds. Stopped when the process exits normally.
    package static func shared() async throws -> PostgresServer {
        try await sharedServer.value
    }

    private static let sharedServer = Task {
        let server = try await PostgresServer.start()
        SharedServerCleanup.register(pid: server.processID, directory: server.directory.path)
        return server
    }

    var processID: pid_t { process.pid }
}

/// The atexit hook that stops the shared server: a test process ends without tearing down
/// statics, and a server left running would outlive the test run.
private enum SharedServerCleanup {
    private static let target = Mutex<(pid: pid_t, directory: String)?>(nil)

    static func register(pid: pid_t, directory: String) {
        target.withLock { $0 = (pid, directory) }
        atexit {
            guard let (pid, directory) = SharedServerCleanup.target.withLock({ $0 }) else { return }
            kill(pid, SIGINT)
            // A fast shutdown takes a fraction of a second; give it up to 5 s before removing its files.
            for _ in 0..<500 where kill(pid, 0) == 0 {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid { break }
                usleep(10_000)
            }
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
