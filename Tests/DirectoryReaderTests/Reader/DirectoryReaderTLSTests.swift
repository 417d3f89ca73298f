import DirBridgeCore
import LocalServers
import Logging
import Testing
@testable import DirectoryReader

extension DirectoryReaderSlapdTests {
    func tlsSettings(url: String, tls: TLSSettings) -> DirectorySourceSettings {
        var settings = settings()
        settings.url = url
        settings.tls = tls
        return settings
    }

    @Test func ldapsWithTheServersCAReads() async throws {
        let certificates = try #require(server.certificates)
        let users = try await read(tlsSettings(url: try #require(server.ldapsURL), tls: TLSSettings(caFile: certificates.caFile)))
        #expect(users[special("uid=alice")] != nil)
    }

    @Test func startTLSWithTheServersCAReads() async throws {
        let certificates = try #require(server.certificates)
        let users = try await read(tlsSettings(url: server.url, tls: TLSSettings(caFile: certificates.caFile, startTLS: true)))
        #expect(users[special("uid=alice")] != nil)
    }

    @Test func untrustedCertificateIsRejectedByDefault() async throws {
        let ldaps = try #require(server.ldapsURL)
        let error = await #expect(throws: LDAPError.self) { try await read(tlsSettings(url: ldaps, tls: TLSSettings())) }
        #expect(error?.code == .tlsFailure)
        let startTLS = await #expect(throws: LDAPError.self) {
            try await read(tlsSettings(url: server.url, tls: TLSSettings(startTLS: true)))
        }
        #expect(startTLS?.code == .tlsFailure)
    }

    @Test func insecureSkipVerifyIsAnExplicitOptOut() async throws {
        let users = try await read(tlsSettings(url: try #require(server.ldapsURL), tls: TLSSettings(insecureSkipVerify: true)))
        #expect(users[special("uid=alice")] != nil)
    }

    @Test func negotiatedTLSNamesTheProtocolAndTheServersCertificate() async throws {
        let certificates = try #require(server.certificates)
        let trusted = TLSSettings(caFile: certificates.caFile)
        for settings in [tlsSettings(url: try #require(server.ldapsURL), tls: trusted),
                         tlsSettings(url: server.url, tls: TLSSettings(caFile: certificates.caFile, startTLS: true))] {
            let session = try #require(try await DirectoryReader(settings: settings, logger: Logger(label: "test")).negotiatedTLS())
            #expect(session.protocolVersion.hasPrefix("TLS1.") || session.protocolVersion.hasPrefix("TLSv1."), "\(session)")
            #expect(session.cipher?.isEmpty == false)
            let certificate = try #require(session.certificate)
            #expect(certificate.subject == "CN=127.0.0.1")
            #expect(certificate.issuer == "CN=dirbridge test CA")
            // LocalCertificateAuthority signs for two days.
            #expect((1...2).contains(certificate.daysRemaining()), "\(certificate.notAfter)")
        }
        #expect(try await DirectoryReader(settings: settings(), logger: Logger(label: "test")).negotiatedTLS() == nil)
    }
}
