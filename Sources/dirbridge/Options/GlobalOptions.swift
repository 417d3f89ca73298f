import ArgumentParser
import DirBridgeOps
import Foundation
import Logging

extension LogFormat: ExpressibleByArgument {}
extension Logger.Level: @retroactive ExpressibleByArgument {}

/// `--log-format`, `--log-level` and `--quiet`, shared by every command. Logs go to standard
/// error so standard output stays the command's result.
struct GlobalOptions: ParsableArguments {
    @Option(help: "Log format: text or json (one object per line).")
    var logFormat: LogFormat = .text

    @Option(help: "Lowest level logged: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    @Flag(help: "No progress line on the terminal.")
    var quiet = false

    /// Bootstraps logging (once per process) and returns a logger for `label`, tagged with a
    /// run id so every line of one run (directory, targets, dispatcher) can be found together.
    func logger(_ label: String) -> Logger {
        LoggingBootstrap.bootstrap(format: logFormat, level: logLevel)
        var logger = Logger(label: label)
        logger[metadataKey: "run_id"] = "\(UUID().uuidString.prefix(8).lowercased())"
        return logger
    }

    /// These options as command-line arguments, for a command that runs another.
    var arguments: [String] {
        ["--log-format", logFormat.rawValue, "--log-level", logLevel.rawValue] + (quiet ? ["--quiet"] : [])
    }

    var showsProgress: Bool {
        !quiet && ProgressReporter.standardErrorIsTerminal
    }
}
