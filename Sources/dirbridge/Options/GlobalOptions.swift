import ArgumentParser
import DirBridgeOps
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

    /// Bootstraps logging (once per process) and returns a logger for `label`.
    func logger(_ label: String) -> Logger {
        LoggingBootstrap.bootstrap(format: logFormat, level: logLevel)
        return Logger(label: label)
    }

    var showsProgress: Bool {
        !quiet && ProgressReporter.standardErrorIsTerminal
    }
}
