import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Serves `GET /metrics` (Prometheus text exposition) and nothing else. A `Service`: run it in the
/// same ServiceGroup as the scheduler so it stops on the same signal.
package struct MetricsHTTPServer: Service {
    private let registry: PrometheusCollectorRegistry
    private let host: String
    private let port: Int
    private let logger: Logger
    private let onListening: @Sendable (Int) async -> Void

    init(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void) {
        self.registry = registry
        self.host = host
        self.port = port
        self.logger = logger
        self.onListening = onListening
    }

    package func run() async throws {
        let router = Router()
        let registry = self.registry
        router.get("metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: registry.emitToBuffer())))
        }
        let port = self.port
        let onListening = self.onListening
        let application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "dirbridge-metrics"),
            onServerRunning: { channel in await onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await application.run()
    }
}
