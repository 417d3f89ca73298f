import Foundation
import Logging

/// The executable's one logging setup: human-readable lines on standard error, so standard
/// output stays clean for command results. Level from `DIRBRIDGE_LOG_LEVEL` (default `info`).
enum CommandLogging {
    private static let bootstrapOnce: Void = {
        let level = ProcessInfo.processInfo.environment["DIRBRIDGE_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }()

    /// Bootstraps logging on first use and returns a logger for `label`.
    static func logger(_ label: String) -> Logger {
        bootstrapOnce
        return Logger(label: label)
    }
}
