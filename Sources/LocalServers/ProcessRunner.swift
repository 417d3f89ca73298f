import Foundation

/// Runs a command-line tool to completion, capturing its output through files so a chatty tool
/// can never block on a full pipe.
package enum ProcessRunner {
    package struct Failure: Error, CustomStringConvertible {
        package let command: String
        package let status: Int32
        package let output: String
        package var description: String { "\(command) exited with status \(status): \(output)" }

        package init(command: String, status: Int32, output: String) {
            self.command = command
            self.status = status
            self.output = output
        }
    }

    /// Runs `executable` with `arguments`, feeding `input` on standard input; returns standard
    /// output. Throws `Failure` (with standard error) on a non-zero exit.
    ///
    /// The wait happens on a thread of its own: tools such as `samba-tool` run for many seconds,
    /// and blocking a cooperative-pool thread that long starves every other task in the process
    /// (an in-process HTTP server included).
    @discardableResult
    package static func run(_ executable: String, _ arguments: [String], input: String? = nil) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, input: input) })
            }.start()
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], input: String?) throws -> String {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: outURL)
        process.standardError = try FileHandle(forWritingTo: errURL)
        if let input {
            let inURL = scratch.appendingPathComponent("in")
            try Data(input.utf8).write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        try process.run()
        process.waitUntilExit()
        let output = (try? String(contentsOf: outURL, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else {
            let errors = (try? String(contentsOf: errURL, encoding: .utf8)) ?? ""
            throw Failure(command: ([executable] + arguments).joined(separator: " "),
                          status: process.terminationStatus, output: errors + output)
        }
        return output
    }
}
