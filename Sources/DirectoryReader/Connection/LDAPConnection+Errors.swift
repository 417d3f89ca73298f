internal import CLDAP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libldap result codes and diagnostics as ``LDAPError``.
extension LDAPConnection {
    static func lastResultCode(_ handle: OpaquePointer) -> Int32 {
        var code: Int32 = LDAP_OTHER
        ldap_get_option(handle, LDAP_OPT_RESULT_CODE, &code)
        return code
    }

    static func diagnosticMessage(_ handle: OpaquePointer) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        guard ldap_get_option(handle, LDAP_OPT_DIAGNOSTIC_MESSAGE, &message) == LDAP_OPT_SUCCESS, let message else { return nil }
        defer { ldap_memfree(message) }
        return String(cString: message)
    }

    static func error(
        _ handle: OpaquePointer, _ rc: Int32, operation: String, usesTLS: Bool = false, tlsStep: Bool = false
    ) -> LDAPError {
        let diagnostic = diagnosticMessage(handle)
        var code = code(for: rc)
        var context: String?
        if usesTLS, code == .serverUnreachable || code == .other || tlsStep && code != .serverUnreachable {
            let text = (diagnostic ?? "").lowercased()
            if tlsStep || text.contains("tls") || text.contains("certificate") || text.contains("handshake") {
                code = .tlsFailure
            } else {
                context = "TLS is in use: if the server is up, also check its certificate and tls.ca_file"
            }
        }
        return LDAPError(code, operation: operation, resultCode: rc, resultText: String(cString: ldap_err2string(rc)),
                         diagnosticMessage: diagnostic, context: context)
    }

    static func code(for rc: Int32) -> LDAPError.Code {
        switch rc {
        case LDAP_SERVER_DOWN, LDAP_CONNECT_ERROR: .serverUnreachable
        case LDAP_INVALID_CREDENTIALS: .invalidCredentials
        case LDAP_TIMEOUT, LDAP_TIMELIMIT_EXCEEDED: .timeout
        case LDAP_SIZELIMIT_EXCEEDED: .sizeLimitExceeded
        case LDAP_ADMINLIMIT_EXCEEDED: .adminLimitExceeded
        case LDAP_NO_SUCH_OBJECT: .noSuchObject
        case LDAP_INVALID_DN_SYNTAX: .invalidDN
        case LDAP_FILTER_ERROR: .invalidFilter
        case LDAP_INSUFFICIENT_ACCESS: .insufficientAccess
        case LDAP_STRONG_AUTH_REQUIRED, LDAP_CONFIDENTIALITY_REQUIRED, LDAP_INAPPROPRIATE_AUTH: .authenticationRequired
        case LDAP_BUSY, LDAP_UNAVAILABLE: .serverUnavailable
        case LDAP_UNAVAILABLE_CRITICAL_EXTENSION: .unsupportedControl
        case LDAP_UNWILLING_TO_PERFORM: .unwillingToPerform
        case LDAP_REFERRAL: .referral
        case LDAP_SYNC_REFRESH_REQUIRED: .syncRefreshRequired
        default: .other
        }
    }
}
