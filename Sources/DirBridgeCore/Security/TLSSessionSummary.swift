/// The TLS a connection actually negotiated, for `dirbridge check`: what was agreed and what the
/// server presented. The certificate is nil when the library could not hand it over.
package struct TLSSessionSummary: Sendable, Equatable {
    package var protocolVersion: String
    package var cipher: String?
    package var certificate: CertificateSummary?

    package init(protocolVersion: String, cipher: String?, certificate: CertificateSummary?) {
        self.protocolVersion = protocolVersion
        self.cipher = cipher
        self.certificate = certificate
    }
}
