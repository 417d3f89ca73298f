import Logging
import Testing
@testable import DirectoryReader
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opening a connection: bounded by the connect timeout (the TLS handshake too), tried again after a drop.
@Suite(.timeLimit(.minutes(1)))
struct ConnectionOpeningTests {
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
        let listener = try LoopbackListener()
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

    /// A connection closed while it opens is tried again twice before the run fails: a
    /// balancer or a restarting server costs half a second and a second, not the run.
    @Test func aConnectionClosedWhileOpeningIsTriedThreeTimes() async throws {
        let listener = try LoopbackListener(closing: true)
        let settings = DirectorySourceSettings(url: "ldap://127.0.0.1:\(listener.port)", baseDN: "dc=example,dc=org")
        let error = await #expect(throws: LDAPError.self) {
            _ = try await LDAPConnection.connect(settings: settings, logger: Logger(label: "test"))
        }
        #expect(error?.code == .serverUnreachable)
        #expect(listener.acceptedConnections == LDAPConnection.connectAttempts)
    }
}
