import DirBridgeConfig
import DirBridgeCore
import DirBridgeOps
import DirectoryReader
import Logging

/// The one directory read of a command, page by page, with a progress line on a terminal.
enum DirectoryRead {
    static func users(_ configuration: LoadedConfiguration, showsProgress: Bool, logger: Logger) async throws -> [DirectoryUser] {
        let progress = ProgressReporter(label: "read users", total: nil, enabled: showsProgress)
        let users = try await DirectoryReader(settings: configuration.configuration.source, logger: logger)
            .readAll { progress.advance(by: $0) }
        progress.finish()
        return users
    }
}
