import Foundation
import Glibc

/// Another process holding the store's run lock, as a running sync would: flock(1) takes the
/// lock, then its child says so on a pipe — the test waits for that line, not for a guessed
/// delay. `-o` keeps the lock with flock itself, so killing flock releases it.
struct LockHolder {
    let process: Process

    static func start(lockFile: String) throws -> LockHolder {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        process.arguments = ["-o", lockFile, "/bin/sh", "-c", "echo locked; exec sleep 20"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let line = output.fileHandleForReading.readData(ofLength: 7)
        guard String(decoding: line, as: UTF8.self) == "locked\n" else {
            Glibc.kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileLocking)
        }
        return LockHolder(process: process)
    }

    /// Kills the holder as a crash would and returns once the kernel has dropped its lock
    /// (probed with a non-blocking flock, bounded).
    func crash(releasing lockFile: String) async throws {
        Glibc.kill(process.processIdentifier, SIGKILL)
        for _ in 0..<1_000 {
            let probe = Process()
            probe.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
            probe.arguments = ["-n", lockFile, "true"]
            try probe.run()
            probe.waitUntilExit()
            if probe.terminationStatus == 0 { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw CocoaError(.fileLocking)
    }
}
