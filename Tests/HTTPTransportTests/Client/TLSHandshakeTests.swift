import DirBridgeCore
import Foundation
import Testing
@testable import HTTPTransport

/// `check`'s TLS line for a target: a handshake with a real TLS server on 127.0.0.1, made with the
/// target's verification settings, reporting what was negotiated and the server's certificate.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct TLSHandshakeTests {
    @Test func reportsTheProtocolCipherAndTheServersCertificate() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try TestHTTPServer(tls: (certificate.certificate, certificate.key))
        let settings = HTTPClientSettings(tls: .init(caFile: certificate.certificate), proxy: .none)

        let session = try #require(try await TLSHandshake.negotiate(url: server.url("/"), settings: settings))
        #expect(session.protocolVersion.hasPrefix("TLSv1."), "\(session)")
        #expect(session.cipher?.isEmpty == false, "\(session)")
        let served = try #require(session.certificate, "\(session)")
        #expect(served.subject == "CN=127.0.0.1")
        #expect(served.issuer == "CN=127.0.0.1")
        // openssl -days 1: valid from about now until a day later.
        #expect(abs(served.notAfter.timeIntervalSinceNow - 86_400) < 600, "\(served.notAfter)")
        #expect(served.daysRemaining() == 0)
    }

    @Test func verifiesTheCertificateAsTransfersDo() async throws {
        let certificate = try SelfSignedCertificate()
        let server = try TestHTTPServer(tls: (certificate.certificate, certificate.key))
        let error = await #expect(throws: HTTPClientError.self) {
            try await TLSHandshake.negotiate(url: server.url("/"), settings: HTTPClientSettings(proxy: .none))
        }
        #expect(error?.code == .tls)
        let skipping = HTTPClientSettings(tls: .init(insecureSkipVerify: true), proxy: .none)
        #expect(try await TLSHandshake.negotiate(url: server.url("/"), settings: skipping)?.certificate?.subject == "CN=127.0.0.1")
    }

    @Test func plainHTTPHasNoTLSToReport() async throws {
        let server = try TestHTTPServer()
        #expect(try await TLSHandshake.negotiate(url: server.url("/"), settings: HTTPClientSettings(proxy: .none)) == nil)
    }
}
