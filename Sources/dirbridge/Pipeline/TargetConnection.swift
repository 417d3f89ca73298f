import Connectors
import DirBridgeConfig
import HTTPTransport
import Logging

/// A target's connector with the HTTP client it owns, built from the configuration with its
/// secrets read now. Shut down with ``close()`` once the run is over.
struct TargetConnection {
    let connector: any ImportConnector
    private let client: CurlHTTPClient

    init(target: TargetConfiguration, logger: Logger) async throws {
        let settings = try target.connectorSettings()
        client = try CurlHTTPClient(settings: target.httpClientSettings, logger: logger)
        var targetLogger = logger
        targetLogger[metadataKey: "target"] = "\(target.name)"
        do {
            connector = try makeConnector(for: settings, httpClient: client, logger: targetLogger)
        } catch {
            await client.shutdown()
            throw error
        }
    }

    func close() async {
        await client.shutdown()
    }
}
