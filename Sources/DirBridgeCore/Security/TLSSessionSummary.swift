/// The TLS a connection actually negotiated, for `dirbridge check`: what was agreed and what the
/// server presented. The certificate is nil when the library could not hand it over.
public struct TLSSessionSummary: Sendable, Equatable {
    public var protocolVersion: String
    public var cipher: String?
    public var certificate: CertificateSummary?

    public init(protocolVersion: String, cipher: String?, certificate: CertificateSummary?) {
        self.protocolVersion = protocolVersion
        self.cipher = cipher
        self.certificate = certificate
    }
}
