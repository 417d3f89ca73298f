import HTTPTransport
import Logging

/// Builds the connector `settings` describe, after ``ConnectorSettings/validate()``.
///
/// - Parameters:
///   - httpClient: shared by every target (one ``CurlHTTPClient`` per process keeps connections warm).
///   - jitter: random source for retry backoff, 0…1; injectable so tests are deterministic.
package func makeConnector(
    for settings: ConnectorSettings, httpClient: any HTTPClient, logger: Logger,
    jitter: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
) throws(ConnectorError) -> any ImportConnector {
    try settings.validate()
    let core = ConnectorCore(settings: settings, client: httpClient, logger: logger, jitter: jitter)
    switch settings.vendor {
    case .sertica(let options): return SerticaConnector(core: core, options: options)
    case .ariaOperations(let options): return AriaOperationsConnector(core: core, options: options)
    case .requestor(let options): return RequestorConnector(core: core, options: options)
    case .expoints(let options): return ExpointsConnector(core: core, options: options)
    case .formsOnFire(let options): return FormsOnFireConnector(core: core, options: options)
    }
}
