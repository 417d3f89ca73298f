import DirBridgeConfig
import DirBridgeCore
import DirBridgeOps
import DirectoryReader
import Logging

/// The one directory read of a command, page by page, with a progress line on a terminal.
enum DirectoryRead {
    static func users(_ configuration: LoadedConfiguration, showsProgress: Bool, logger: Logger) async throws -> [DirectoryUser] {
        // Every run (plan, sync, each scheduled run, demo) starts with this read, so a clear-text
        // opt-in is restated each time; loopback endpoints never reach a network and only get a notice.
        for transport in configuration.insecureTransports {
            logger.log(
                level: transport.isLoopback ? .notice : .warning, "credentials are sent in clear text, as allowed by the configuration",
                metadata: ["key": "\(transport.key)", "url": "\(transport.url)"])
        }
        let progress = ProgressReporter(label: "read users", total: nil, enabled: showsProgress)
        let users = try await DirectoryReader(settings: configuration.configuration.source, logger: logger)
            .readAll { progress.advance(by: $0) }
        progress.finish()
        return users
    }
}
