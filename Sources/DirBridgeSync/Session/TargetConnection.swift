import Connectors
import DirBridgeConfig
import HTTPTransport
import Logging

/// A target's connector with whatever it owns (the HTTP client), released by ``close()`` once
/// the run is over.
package struct TargetConnection: Sendable {
    package let connector: any ImportConnector
    private let release: @Sendable () async -> Void

    package init(connector: any ImportConnector, release: @escaping @Sendable () async -> Void = {}) {
        self.connector = connector
        self.release = release
    }

    package func close() async {
        await release()
    }
}

/// Makes a configured target's connection: the seam between a session and the vendors.
package protocol ConnectorProvider: Sendable {
    func connect(_ target: TargetConfiguration, logger: Logger) async throws -> TargetConnection
}

/// The vendors' real APIs over libcurl, secrets read now.
package struct CurlConnectorProvider: ConnectorProvider {
    /// Sees every exchange of the connections made, for a caller that reports what the vendor
    /// answered (`probe`); a sync needs none.
    private let exchangeLog: HTTPExchangeLog?

    package init(exchangeLog: HTTPExchangeLog? = nil) {
        self.exchangeLog = exchangeLog
    }

    package func connect(_ target: TargetConfiguration, logger: Logger) async throws -> TargetConnection {
        let settings = try target.connectorSettings()
        let client = try CurlHTTPClient(settings: target.httpClientSettings, logger: logger)
        var targetLogger = logger
        targetLogger[metadataKey: "target"] = "\(target.name)"
        let transport: any HTTPClient = exchangeLog.map { RecordingHTTPClient(client: client, log: $0) } ?? client
        do {
            let connector = try makeConnector(for: settings, httpClient: transport, logger: targetLogger)
            return TargetConnection(connector: connector) { await client.shutdown() }
        } catch {
            await client.shutdown()
            throw error
        }
    }
}
