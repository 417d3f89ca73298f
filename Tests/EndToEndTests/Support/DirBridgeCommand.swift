import Foundation
import LocalServers

/// The built `dirbridge` executable run as a real process, as an administrator would run it.
struct DirBridgeCommand {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: String {
        URL(fileURLWithPath: VendorSimulatorProcess.defaultExecutable()).deletingLastPathComponent()
            .appendingPathComponent("dirbridge").path
    }

    /// The repository's shipped mapping files.
    static var mappingsDirectory: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("mappings").path
    }

    /// Runs `dirbridge arguments…` to completion (bounded by `timeout`).
    static func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> Result {
        let process = try start(arguments)
        let deadline = ContinuousClock.now + timeout
        while process.process.isRunning {
            if ContinuousClock.now > deadline {
                process.process.terminate()
                throw TimeoutError(arguments: arguments)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.result()
    }

    struct TimeoutError: Error, CustomStringConvertible {
        var arguments: [String]
        var description: String { "dirbridge \(arguments.joined(separator: " ")) did not finish in time" }
    }

    /// A started process whose output is collected in files (pipes could fill up and block it).
    final class Running {
        let process: Process
        let stdoutFile: URL
        let stderrFile: URL

        init(process: Process, stdoutFile: URL, stderrFile: URL) {
            self.process = process
            self.stdoutFile = stdoutFile
            self.stderrFile = stderrFile
        }

        /// Sends SIGTERM, then waits at most `limit` for the process to end; one still running
        /// is killed, so that a daemon ignoring the signal fails its test instead of hanging
        /// the whole test run. Returns whether it ended by itself.
        func stop(within limit: Duration = .seconds(30)) async -> Bool {
            kill(process.processIdentifier, SIGTERM)
            let deadline = ContinuousClock.now + limit
            while process.isRunning, ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(50))
            }
            guard process.isRunning else { return true }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return false
        }

        func result() -> Result {
            defer {
                try? FileManager.default.removeItem(at: stdoutFile)
                try? FileManager.default.removeItem(at: stderrFile)
            }
            return Result(
                status: process.terminationStatus,
                stdout: (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? "",
                stderr: (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? "")
        }
    }

    static func start(_ arguments: [String]) throws -> Running {
        let id = UUID().uuidString
        let stdoutFile = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-\(id).out")
        let stderrFile = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-\(id).err")
        FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()
        return Running(process: process, stdoutFile: stdoutFile, stderrFile: stderrFile)
    }
}
