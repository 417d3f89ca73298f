import Foundation
import Logging
import Metrics
import Prometheus
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Prometheus export of the metrics recorded through swift-metrics: text exposition, node_exporter
/// textfile (for cron/CronJob runs) and an HTTP `/metrics` endpoint (for `run --metrics-port`).
package struct MetricsExport: Sendable {
    /// The registry the exposition is rendered from.
    package let registry: PrometheusCollectorRegistry

    package init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
    }

    private static let bootstrapped = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Points the process-wide `MetricsSystem` at a Prometheus registry, once. Later calls return the
    /// same exporter instead of bootstrapping again (which swift-metrics would refuse with a crash).
    /// Call it from the executable only.
    package static func bootstrap() -> MetricsExport {
        let registry = bootstrapped.withLock { existing in
            if let existing { return existing }
            let registry = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(makeFactory(registry: registry))
            existing = registry
            return registry
        }
        return MetricsExport(registry: registry)
    }

    /// A factory over `registry` with buckets suited to HTTP requests and whole runs.
    package static func makeFactory(registry: PrometheusCollectorRegistry) -> PrometheusMetricsFactory {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets = [
            SyncMetrics.Name.requestDuration: [
                .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
                .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
            ],
            SyncMetrics.Name.runDuration: [
                .seconds(1), .seconds(5), .seconds(15), .seconds(30), .seconds(60), .seconds(120), .seconds(300),
                .seconds(600), .seconds(900), .seconds(1800), .seconds(3600),
            ],
        ]
        return factory
    }

    /// The Prometheus text exposition (format 0.0.4).
    package func render() -> String {
        registry.emitToString()
    }

    /// Writes the exposition to `path` atomically: a temporary file in the same directory, fsync'd,
    /// then renamed over `path`, so node_exporter's textfile collector never reads a half-written file.
    package func writeTextfile(to path: String) throws(MetricsExportError) {
        let bytes = registry.emitToBuffer()
        let temporary = path + ".\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw MetricsExportError(.writeTemporaryFile, path: temporary, errno: errno) }
        // World-readable whatever the umask (dirbridge sets 0077): node_exporter runs as another
        // user, and the file holds counts, never personal data.
        fchmod(descriptor, 0o644)
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(descriptor)
                unlink(temporary)
                throw MetricsExportError(.writeTemporaryFile, path: temporary, errno: code)
            }
            written += result
        }
        let synced = fsync(descriptor)
        let syncErrno = errno
        close(descriptor)
        guard synced == 0 else {
            unlink(temporary)
            throw MetricsExportError(.writeTemporaryFile, path: temporary, errno: syncErrno)
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw MetricsExportError(.rename, path: path, errno: code)
        }
    }

    /// A `/metrics` HTTP server to add to the ServiceGroup. Binds `host` (loopback by default:
    /// expose it wider only on purpose). Port 0 picks a free port, reported to `onListening`.
    package func httpServer(
        host: String = "127.0.0.1",
        port: Int,
        logger: Logger,
        onListening: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> MetricsHTTPServer {
        MetricsHTTPServer(registry: registry, host: host, port: port, logger: logger, onListening: onListening)
    }
}
