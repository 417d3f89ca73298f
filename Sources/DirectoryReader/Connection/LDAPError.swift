/// A failure talking to the directory, or of what it returned, that says in words what went wrong.
///
/// Carries the operation that failed, the LDAP result code when there is one, and the server's
/// diagnostic message (`LDAP_OPT_DIAGNOSTIC_MESSAGE`), so a log line is enough to act on.
package struct LDAPError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Code: String, Sendable, Equatable {
        case invalidURL = "invalid LDAP URL"
        case serverUnreachable = "server unreachable"
        case tlsFailure = "TLS negotiation or certificate verification failed"
        case invalidCredentials = "invalid credentials"
        case missingPassword = "bind password not available"
        case authenticationRequired = "the server requires a stronger authentication or a secure connection"
        case insufficientAccess = "insufficient access rights"
        case timeout = "timed out"
        case sizeLimitExceeded = "size limit exceeded"
        case adminLimitExceeded = "administrative limit exceeded"
        case noSuchObject = "no such object (check the base DN)"
        case invalidDN = "invalid DN syntax"
        case invalidFilter = "invalid search filter"
        case serverUnavailable = "server busy or unavailable"
        case unsupportedControl = "the server does not support a required control"
        case unwillingToPerform = "the server is unwilling to perform the operation"
        case invalidEntry = "an entry cannot be converted"
        case referral = "the directory refers part of the search to another server (a referral)"
        case syncRefreshRequired = "the server cannot continue from the saved synchronisation cookie"
        case cancelled = "cancelled"
        case other = "LDAP operation failed"
    }

    package var code: Code
    /// What was being done, e.g. "bind as cn=reader,dc=example,dc=org" or "search page 3 of ou=people,…".
    package var operation: String
    /// The LDAP result code (negative for client-side libldap errors), when one applies.
    package var resultCode: Int32?
    /// libldap's text for the result code.
    package var resultText: String?
    /// The server's diagnostic message, when it sent one.
    package var diagnosticMessage: String?
    /// Further detail: the entry, attribute or file concerned.
    package var context: String?

    package init(
        _ code: Code, operation: String, resultCode: Int32? = nil, resultText: String? = nil,
        diagnosticMessage: String? = nil, context: String? = nil
    ) {
        self.code = code
        self.operation = operation
        self.resultCode = resultCode
        self.resultText = resultText
        self.diagnosticMessage = diagnosticMessage.flatMap { $0.isEmpty ? nil : $0 }
        self.context = context
    }

    /// The connection closed before the bind was answered, not a refusal: no certificate
    /// verdict, no credentials, no timeout (a second wait of the whole timeout helps nobody).
    var isTransientConnectFailure: Bool {
        switch code {
        case .serverUnreachable: true
        // An OpenSSL build of libldap names a certificate verdict ("certificate verify failed");
        // GnuTLS's says "(unknown error code)", so those are tried again too: 1.5 s, once a run.
        case .tlsFailure: !(diagnosticMessage ?? "").lowercased().contains("cert")
        default: false
        }
    }

    package var description: String {
        var text = "\(operation): \(code.rawValue)"
        if let resultCode {
            text += " (LDAP result \(resultCode)\(resultText.map { ": \($0)" } ?? ""))"
        }
        if let diagnosticMessage { text += "; server says: \(diagnosticMessage)" }
        if let context { text += "; \(context)" }
        return text
    }
}
