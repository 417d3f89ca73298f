import Logging
import Synchronization

/// Sets up swift-log for the executable: one format, one level, stderr, secrets redacted.
package enum LoggingBootstrap {
    private static let done = Mutex(false)

    /// Bootstraps `LoggingSystem` once; later calls are ignored (swift-log allows a single bootstrap).
    /// Returns false when it had already been done.
    @discardableResult
    package static func bootstrap(format: LogFormat, level: Logger.Level, metadataProvider: Logger.MetadataProvider? = nil) -> Bool {
        done.withLock { done in
            guard !done else { return false }
            LoggingSystem.bootstrap(
                { label, provider in DirBridgeLogHandler(label: label, format: format, level: level, metadataProvider: provider) },
                metadataProvider: metadataProvider
            )
            done = true
            return true
        }
    }
}
