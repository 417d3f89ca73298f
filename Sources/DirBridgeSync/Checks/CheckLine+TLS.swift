import DirBridgeCore
import Foundation

extension CheckLine {
    /// How long before a certificate expires `check` starts warning: a scheduled sync fails the
    /// day it does, and renewals through a change process take weeks.
    package static let certificateExpiryWarning = 30

    /// `directory TLS` / `target NAME TLS`: the protocol and cipher negotiated and the server's
    /// certificate, a warning within ``certificateExpiryWarning`` days of its expiry.
    package static func tls(_ subject: String, _ session: TLSSessionSummary, now: Date = Date()) -> CheckLine {
        let cipher = session.cipher.map { ", \($0)" } ?? ""
        let negotiated = TerminalText.singleLine("\(session.protocolVersion)\(cipher)")
        guard let certificate = session.certificate else {
            return .ok(subject, "\(negotiated); the TLS library did not report the server certificate")
        }
        let days = certificate.daysRemaining(from: now)
        let expiry = certificate.notAfter.formatted(.iso8601.year().month().day())
        let described = TerminalText.singleLine(
            "\(negotiated); certificate \(certificate.subject) issued by \(certificate.issuer), expires \(expiry)")
        switch days {
        case ..<0:
            return .failed(subject, "\(described): expired \(-days) day\(-days == 1 ? "" : "s") ago")
        case ..<certificateExpiryWarning:
            return .warning(subject, "\(described), in \(days) day\(days == 1 ? "" : "s"): renew it before then")
        default:
            return .ok(subject, "\(described) (in \(days) days)")
        }
    }
}
