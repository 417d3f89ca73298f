import Logging
import Synchronization
import Testing
@testable import DirectoryReader
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A server that completes TCP connections (the kernel's backlog does) and never says a word,
/// until closed: closing resets the connections it holds.
private final class SilentListener: Sendable {
    let descriptor: Int32
    let port: Int
    private let open = Mutex(true)

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && listen(descriptor, 8) == 0 && getsockname(descriptor, $0, &length) == 0
            }
        }
        try #require(descriptor >= 0 && bound, "listening socket: errno \(errno)")
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func stop() {
        guard open.withLock({ wasOpen in defer { wasOpen = false }; return wasOpen }) else { return }
        _ = close(descriptor)
    }

    deinit { stop() }
}

@Suite(.timeLimit(.minutes(1)))
struct HandshakeWatchdogTests {
    /// Without the watchdog libldap's ldaps handshake waits (spinning) for as long as the server
    /// holds the connection.
    @Test func anLdapsServerThatNeverAnswersTheHandshakeFailsWithinTheConnectTimeout() async throws {
        try await expectConnectTimesOut(tls: TLSSettings(insecureSkipVerify: true)) { "ldaps://127.0.0.1:\($0)" }
    }

    /// StartTLS waits for the extended operation's answer, bounded only by the operation timeout (50 s here).
    @Test func aServerThatNeverAnswersStartTLSFailsWithinTheConnectTimeout() async throws {
        try await expectConnectTimesOut(tls: TLSSettings(startTLS: true, insecureSkipVerify: true)) { "ldap://127.0.0.1:\($0)" }
    }

    private func expectConnectTimesOut(tls: TLSSettings, url: (Int) -> String) async throws {
        let listener = try SilentListener()
        // Bounds the test if the connect hangs after all: the reset connection ends it, and it fails late.
        let release = Task {
            try await Task.sleep(for: .seconds(20))
            listener.stop()
        }
        defer { release.cancel() }
        let settings = DirectorySourceSettings(
            url: url(listener.port), baseDN: "dc=example,dc=org", tls: tls,
            timeouts: TimeoutSettings(connectSeconds: 1, operationSeconds: 50))
        let clock = ContinuousClock()
        let start = clock.now
        let error = await #expect(throws: LDAPError.self) {
            _ = try await LDAPConnection.connect(settings: settings, logger: Logger(label: "test"))
        }
        let elapsed = clock.now - start
        #expect(error?.code == .timeout)
        #expect(error?.context?.contains("timeouts.connect_seconds") == true, "\(String(describing: error))")
        #expect(elapsed < .seconds(15), "took \(elapsed)")
    }
}
