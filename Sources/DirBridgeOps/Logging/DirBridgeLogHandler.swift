import Foundation
import Logging

/// A swift-log handler writing ``LogFormat`` lines with secret metadata redacted (``LogRedaction``).
package struct DirBridgeLogHandler: LogHandler {
    package var logLevel: Logger.Level
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let format: LogFormat
    private let output: any LogOutput

    package init(
        label: String,
        format: LogFormat,
        level: Logger.Level,
        output: any LogOutput = StandardErrorLogOutput(),
        metadataProvider: Logger.MetadataProvider? = nil
    ) {
        self.label = label
        self.format = format
        self.logLevel = level
        self.output = output
        self.metadataProvider = metadataProvider
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() {
            merged.merge(provided) { _, provided in provided }
        }
        if let explicit = event.metadata {
            merged.merge(explicit) { _, explicit in explicit }
        }
        let line = format.line(
            timestamp: Date(),
            level: event.level,
            label: label,
            message: event.message.description,
            metadata: LogRedaction.redact(merged)
        )
        output.write(line: line)
    }
}
