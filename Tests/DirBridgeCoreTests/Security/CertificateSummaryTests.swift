import Foundation
import TestSupport
import Testing
@testable import DirBridgeCore

/// The X.509 reader behind `check`'s TLS lines: a real certificate (made by openssl with a
/// UTCTime start and a GeneralizedTime end), and hostile bytes that must fail cleanly.
struct CertificateSummaryTests {
    /// `openssl x509 -noout -subject -issuer -dates`: subject = issuer =
    /// DC=com, DC=example, O=Example Corp, OU=Identity, CN=ldap.example.com;
    /// notBefore=Dec  5 05:23:16 2026 GMT; notAfter=Jul 27 05:23:16 2051 GMT.
    static let pem = """
        -----BEGIN CERTIFICATE-----
        MIICKjCCAdCgAwIBAgIBBzAKBggqhkjOPQQDAjBzMRMwEQYKCZImiZPyLGQBGRYD
        Y29tMRcwFQYKCZImiZPyLGQBGRYHZXhhbXBsZTEVMBMGA1UECgwMRXhhbXBsZSBD
        b3JwMREwDwYDVQQLDAhJZGVudGl0eTEZMBcGA1UEAwwQbGRhcC5leGFtcGxlLmNv
        bTAgFw0yNjEyMDUwNTIzMTZaGA8yMDUxMDcyNzA1MjMxNlowczETMBEGCgmSJomT
        8ixkARkWA2NvbTEXMBUGCgmSJomT8ixkARkWB2V4YW1wbGUxFTATBgNVBAoMDEV4
        YW1wbGUgQ29ycDERMA8GA1UECwwISWRlbnRpdHkxGTAXBgNVBAMMEGxkYXAuZXhh
        bXBsZS5jb20wWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAAQHcYM05twlz/8Toa+n
        2eoEtEkCTi5Yo/vz5myjH19BE1UWiidMRoUN94LefcSjFAwH6kLYOvE3f69/wA2E
        SAAAo1MwUTAdBgNVHQ4EFgQUTBgbzRQ+pOLcxqcUc/UdwFZ9Pw0wHwYDVR0jBBgw
        FoAUTBgbzRQ+pOLcxqcUc/UdwFZ9Pw0wDwYDVR0TAQH/BAUwAwEB/zAKBggqhkjO
        PQQDAgNIADBFAiEA0PZwyVAH19++vuPZb64Q6kF35G4heiBWDasFXO+BcJMCIC/H
        P6w3PDu7aIWYBtQASoUF/4taFbAIzpW1eliy9qy4
        -----END CERTIFICATE-----
        """

    static func date(_ text: String) -> Date {
        try! Date(text, strategy: .iso8601)
    }

    @Test func readsSubjectIssuerAndValidityInRFC4514Order() throws {
        let certificate = try CertificateSummary(pem: Self.pem)
        #expect(certificate.subject == "CN=ldap.example.com,OU=Identity,O=Example Corp,DC=example,DC=com")
        #expect(certificate.issuer == certificate.subject)
        #expect(certificate.notBefore == Self.date("2026-12-05T05:23:16Z"))  // UTCTime
        #expect(certificate.notAfter == Self.date("2051-07-27T05:23:16Z"))  // GeneralizedTime
    }

    @Test func daysRemainingCountsWholeDaysAndGoesNegativeOnceExpired() throws {
        let certificate = try CertificateSummary(pem: Self.pem)
        #expect(certificate.daysRemaining(from: Self.date("2051-07-26T05:23:17Z")) == 0)
        #expect(certificate.daysRemaining(from: Self.date("2051-06-27T05:23:16Z")) == 30)
        #expect(certificate.daysRemaining(from: Self.date("2051-07-29T05:23:16Z")) == -2)
    }

    @Test func truncatedOrForeignBytesAreAParseErrorNeverACrash() throws {
        let der = Array(Data(base64Encoded: Self.pem.split(separator: "\n").dropFirst().dropLast().joined())!)
        for length in stride(from: 0, to: der.count, by: 7) {
            #expect(throws: CertificateSummary.ParseError.self) { try CertificateSummary(der: Array(der.prefix(length))) }
        }
        var lying = der
        lying[1] = 0x84  // a four-byte length far beyond the data
        #expect(throws: CertificateSummary.ParseError.self) { try CertificateSummary(der: lying) }
        #expect(throws: CertificateSummary.ParseError.self) { try CertificateSummary(pem: "<html>maintenance</html>") }
    }

    /// Mutated certificates (bytes flipped, inserted, dropped; lengths forged) as a hostile peer
    /// could send them: each parses or fails with a ParseError, never traps.
    @Test func mutatedCertificatesNeverTrap() throws {
        let der = Array(Data(base64Encoded: Self.pem.split(separator: "\n").dropFirst().dropLast().joined())!)
        let iterations = Int(ProcessInfo.processInfo.environment["DIRBRIDGE_FUZZ_ITERATIONS"] ?? "") ?? 300
        var random = SplitMix64(seed: 0x509)
        var refused = 0
        for _ in 0..<iterations * 10 {
            var bytes = der
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
                case 1: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
                default: bytes.remove(at: index)
                }
            }
            do {
                _ = try CertificateSummary(der: bytes)
            } catch {
                refused += 1
            }
        }
        #expect(refused > 0, "mutations that break the structure must be refused")
    }
}
