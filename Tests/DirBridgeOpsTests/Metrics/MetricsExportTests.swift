import DirBridgeOps
import Foundation
import Logging
import Prometheus
import ServiceLifecycleTestKit
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

@Suite struct MetricsExportTests {
    func makeExport() -> (SyncMetrics, MetricsExport) {
        let registry = PrometheusCollectorRegistry()
        return (SyncMetrics(factory: MetricsExport.makeFactory(registry: registry)), MetricsExport(registry: registry))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-ops-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func inode(_ path: String) -> UInt64 {
        var info = stat()
        return stat(path, &info) == 0 ? UInt64(info.st_ino) : 0
    }

    @Test func textfileIsReplacedByRenameAndLeavesNoTemporaryFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("dirbridge.prom").path
        let (metrics, export) = makeExport()

        metrics.recordAction(target: "sertica", kind: .update, outcome: .failed)
        try export.writeTextfile(to: path)
        let firstInode = inode(path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == export.render())

        metrics.recordAction(target: "sertica", kind: .update, outcome: .failed)
        try export.writeTextfile(to: path)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(written.contains(#"dirbridge_actions_total{target="sertica",action="update",outcome="failed"} 2"#))
        // A new inode: readers holding the old file saw it whole; nobody sees a truncated one.
        #expect(inode(path) != firstInode)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["dirbridge.prom"])
    }

    @Test func textfileInMissingDirectoryFailsWithPathAndErrno() {
        let (_, export) = makeExport()
        #expect {
            try export.writeTextfile(to: "/nonexistent-dirbridge-dir/metrics.prom")
        } throws: { error in
            guard let error = error as? MetricsExportError else { return false }
            return error.code == .writeTemporaryFile && error.errno == ENOENT && "\(error)".contains("/nonexistent-dirbridge-dir/")
        }
    }

    @Test(.timeLimit(.minutes(1)))
    func httpEndpointServesMetricsOnLoopback() async throws {
        let (metrics, export) = makeExport()
        metrics.recordAction(target: "aria", kind: .reimport, outcome: .applied)
        let listening = AsyncStream.makeStream(of: Int.self)
        let server = export.httpServer(port: 0, logger: Logger(label: "test.metrics")) { port in
            listening.continuation.yield(port)
        }
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await server.run() }
                var ports = listening.stream.makeAsyncIterator()
                let port = try #require(await ports.next())
                let metricsResponse = try await LoopbackHTTP.get(path: "/metrics", port: port)
                #expect(metricsResponse.hasPrefix("HTTP/1.1 200"))
                #expect(metricsResponse.lowercased().contains("content-type: text/plain; version=0.0.4"))
                #expect(metricsResponse.contains(#"dirbridge_actions_total{target="aria",action="reimport",outcome="applied"} 1"#))
                let other = try await LoopbackHTTP.get(path: "/", port: port)
                #expect(other.hasPrefix("HTTP/1.1 404"))
                trigger.triggerGracefulShutdown()
                try await group.waitForAll()
            }
        }
    }
}

/// An HTTP/1.1 GET over a real socket to 127.0.0.1 (Connection: close, read to EOF).
enum LoopbackHTTP {
    struct SocketError: Error { var operation: String; var errno: Int32 }

    /// Runs the blocking socket calls on their own thread: blocking a cooperative-pool thread (two
    /// on this machine) could starve the server's request handler of the other one.
    static func get(path: String, port: Int) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try blockingGet(path: path, port: port) }) }.start()
        }
    }

    private static func blockingGet(path: String, port: Int) throws -> String {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw SocketError(operation: "socket", errno: errno) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw SocketError(operation: "connect", errno: errno) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(descriptor, request, request.count, 0) == request.count else { throw SocketError(operation: "send", errno: errno) }
        var response: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let received = recv(descriptor, &buffer, buffer.count, 0)
            if received < 0 { throw SocketError(operation: "recv", errno: errno) }
            if received == 0 { break }
            response += buffer[0..<received]
        }
        return String(decoding: response, as: UTF8.self)
    }
}
