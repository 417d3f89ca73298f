import Foundation
import Logging
import HTTPTransport
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The Python stdlib server from `Tests/Support/http_test_server.py`, run as a real process on
/// 127.0.0.1 and a port it picks itself.
final class TestHTTPServer: Sendable {
    let port: Int
    let scheme: String
    private let process: Process

    static let scriptPath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Support/http_test_server.py").path

    /// Starts the server; `tls` is a (certificate, key) pair of PEM files for HTTPS.
    init(tls: (certificate: String, key: String)? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Self.scriptPath] + (tls.map { ["--tls", $0.certificate, $0.key] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        // The first line is the bound port.
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), let first = byte.first, first != 0x0A {
            line.append(first)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else {
            process.terminate()
            throw TestServerError(message: "test server printed no port")
        }
        self.port = port
        self.process = process
        scheme = tls == nil ? "http" : "https"
    }

    deinit {
        // No waitUntilExit: it would block a cooperative thread; Foundation reaps the child.
        process.terminate()
    }

    /// Returns once a `/slow` request has reached the server: asked through a client of its own,
    /// since the one under test may have its only connection busy with that request.
    func waitForSlowRequest(within limit: Duration = .seconds(10)) async throws {
        let probe = try CurlHTTPClient(settings: HTTPClientSettings(proxy: .none), logger: Logger(label: "test.probe"))
        let deadline = ContinuousClock.now + limit
        var arrived = false
        do {
            while !arrived, ContinuousClock.now < deadline {
                let answer = try await probe.execute(HTTPRequest(url: url("/slow-started")))
                arrived = Int(String(decoding: answer.body, as: UTF8.self)) ?? 0 > 0
                if !arrived { try await Task.sleep(for: .milliseconds(5)) }
            }
        } catch {
            await probe.shutdown()
            throw error
        }
        await probe.shutdown()
        guard arrived else { throw TestServerError(message: "no /slow request arrived within \(limit)") }
    }

    func url(_ path: String) -> String {
        "\(scheme)://127.0.0.1:\(port)\(path)"
    }
}

struct TestServerError: Error {
    var message: String
}

/// A self-signed certificate for 127.0.0.1 made with the openssl CLI, in a fresh directory.
struct SelfSignedCertificate {
    let certificate: String
    let key: String
    private let folder: TemporaryFolder

    init() throws {
        folder = try TemporaryFolder(prefix: "dirbridge-tls")
        let directory = folder.url
        certificate = directory.appendingPathComponent("cert.pem").path
        key = directory.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        openssl.arguments = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                             "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                             "-keyout", key, "-out", certificate]
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        guard openssl.terminationStatus == 0 else { throw TestServerError(message: "openssl req failed") }
    }
}

/// A 127.0.0.1 port nothing listens on: the kernel picks a free one for a socket closed at once.
func unusedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TestServerError(message: "socket() failed") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
        }
    }
    guard bound else { throw TestServerError(message: "bind() failed") }
    return Int(UInt16(bigEndian: address.sin_port))
}
