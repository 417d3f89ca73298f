import DirBridgeConfig
import DirBridgeCore
import DirectoryReader
import Logging

/// The configured LDAP or Active Directory server, read page by page.
package struct LDAPDirectorySource: DirectorySource {
    package let configuration: LoadedConfiguration
    package let logger: Logger

    package init(configuration: LoadedConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    package func users(onPage: (Int) -> Void) async throws -> DirectoryRead {
        try await reader().readAll(onPage: onPage)
    }

    package var deltaSource: String? {
        let source = configuration.configuration.source
        return "\(source.url) \(source.baseDN)"
    }

    package func usersForDelta(onPage: (Int) -> Void) async throws -> (users: [DirectoryUser], report: DirectoryReadReport?) {
        let (users, report) = try await reader().readWithReport(capturingSyncCookie: true, onPage: onPage)
        return (users, report)
    }

    package func changes(since cookie: [UInt8], revisit: [Anchor], groups: GroupBaseline) async throws -> DirectoryChanges {
        try await reader().readChanges(since: cookie, revisit: revisit, groups: groups)
    }

    private func reader() -> DirectoryReader {
        // Every run (plan, sync, each scheduled run, demo) starts with a read, so a clear-text
        // opt-in is restated each time; loopback endpoints never reach a network and only get a notice.
        for transport in configuration.insecureTransports {
            logger.log(
                level: transport.isLoopback ? .notice : .warning, "credentials are sent in clear text, as allowed by the configuration",
                metadata: ["key": "\(transport.key)", "url": "\(transport.url)"])
        }
        return DirectoryReader(settings: configuration.configuration.source, logger: logger)
    }
}
