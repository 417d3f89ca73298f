import DirBridgeCore
import Foundation
import Dispatch

/// What `dirbridge check` shows about a target's TLS: a handshake alone, made with the target's
/// own settings (CA, client certificate, proxy), so nothing reaches the vendor's API.
package enum TLSHandshake {
    /// The TLS negotiated with `url`'s server; nil for an `http://` URL.
    package static func negotiate(url: String, settings: HTTPClientSettings) async throws(HTTPClientError) -> TLSSessionSummary? {
        guard url.lowercased().hasPrefix("https://") else { return nil }
        let result: Result<TLSSessionSummary, CurlError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(CurlError) in
                    try CurlGlobal.initialize()
                    let (notes, certificate) = try CurlEasy().handshake(url: url, settings: settings)
                    return summary(notes: notes, certificate: certificate)
                })
            }
        }
        switch result {
        case .success(let summary): return summary
        case .failure(let error):
            throw HTTPClientError(code: error.clientCode, request: "TLS handshake with \(url)", message: error.message, curlCode: error.code)
        }
    }

    /// curl reports the protocol only in its notes ("SSL connection using TLSv1.3 / cipher / …")
    /// and, with OpenSSL, the certificate as a "Cert:" PEM field.
    static func summary(notes: [String], certificate: [String]) -> TLSSessionSummary {
        let marker = "SSL connection using "
        let negotiated = notes.lazy.compactMap { note in note.range(of: marker).map { note[$0.upperBound...] } }.first
        let parts = negotiated.map { $0.split(separator: "/").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } } ?? []
        let pem = certificate.first { $0.hasPrefix("Cert:") }.map { String($0.dropFirst("Cert:".count)) }
        return TLSSessionSummary(
            protocolVersion: parts.first ?? "TLS (version not reported)",
            cipher: parts.count > 1 ? parts[1] : nil,
            certificate: pem.flatMap { try? CertificateSummary(pem: $0) })
    }
}
