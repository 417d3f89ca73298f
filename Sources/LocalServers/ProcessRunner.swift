import Foundation
import Subprocess
import SystemPackage

/// Runs a command-line tool to completion and collects what it printed.
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
    /// output. Throws `Failure` (with standard error) on a non-zero exit. Through swift-subprocess:
    /// the wait is asynchronous, so a tool that runs for many seconds (`samba-tool`) holds no
    /// cooperative-pool thread, and output is collected without a pipe that could fill up.
    @discardableResult
    package static func run(_ executable: String, _ arguments: [String], input: String? = nil) async throws -> String {
        let limit = 64 << 20
        let result =
            if let input {
                try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments), input: .string(input),
                    output: .string(limit: limit), error: .string(limit: limit))
            } else {
                try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments), input: .none,
                    output: .string(limit: limit), error: .string(limit: limit))
            }
        guard result.terminationStatus.isSuccess else {
            let status: Int32 =
                switch result.terminationStatus {
                case .exited(let code): code
                case .signaled(let signal): 128 + signal
                }
            throw Failure(command: ([executable] + arguments).joined(separator: " "), status: status, output: result.standardError ?? "")
        }
        return result.standardOutput ?? ""
    }
}
