import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// nghttpd (Debian's nghttp2-server): an HTTP/2-only server over TLS, serving `files` from a
/// temporary folder on 127.0.0.1. It answers any method with the file at the path.
final class TestHTTP2Server: Sendable {
    static let executable = "/usr/sbin/nghttpd"
    let port: Int
    private let process: Process
    private let documents: URL

    init(certificate: SelfSignedCertificate, files: [String: Data]) async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.executable) else {
            throw TestServerError(message: "\(Self.executable) is missing: install nghttp2-server (scripts/install-system-packages.sh)")
        }
        documents = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-h2-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: documents, withIntermediateDirectories: true)
        for (name, content) in files {
            try content.write(to: documents.appendingPathComponent(name))
        }
        port = try unusedPort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["--address=127.0.0.1", "--htdocs=\(documents.path)", String(port), certificate.key, certificate.certificate]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Ready once the port accepts a connection: 5 s at most.
        for _ in 0..<100 {
            if Self.accepts(port) { return }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        stop()
        throw TestServerError(message: "nghttpd did not start listening on 127.0.0.1:\(port)")
    }

    /// Ends nghttpd and removes its folder. SIGKILL: nghttpd ignores SIGTERM, which is how every
    /// earlier run of this test left one behind.
    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: documents)
    }

    func url(_ path: String) -> String {
        "https://127.0.0.1:\(port)\(path)"
    }

    private static func accepts(_ port: Int) -> Bool {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
