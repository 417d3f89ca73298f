import Logging
import Synchronization

/// The levels and messages logged through it, for tests that assert how something was reported.
final class RecordedLogs: Sendable {
    private let entries = Mutex<[(level: Logger.Level, message: String)]>([])

    var levels: [Logger.Level] { entries.withLock { $0.map(\.level) } }
    var messages: [String] { entries.withLock { $0.map(\.message) } }

    func append(_ level: Logger.Level, _ message: String) {
        entries.withLock { $0.append((level, message)) }
    }

    /// A logger whose every entry, at any level, lands here.
    var logger: Logger {
        Logger(label: "test.recorded") { _ in RecordingLogHandler(records: self) }
    }
}

struct RecordingLogHandler: LogHandler {
    let records: RecordedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        records.append(event.level, "\(event.message)")
    }
}
