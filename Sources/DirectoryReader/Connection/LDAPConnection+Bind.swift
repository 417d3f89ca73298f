internal import CLDAP
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Connecting: URL checks, TLS options, StartTLS and the simple bind, on the connection's queue.
extension LDAPConnection {
    static func openHandle(settings: DirectorySourceSettings, password: String?, logger: Logger) throws -> OpaquePointer {
        let url = settings.url
        let usesTLS = url.lowercased().hasPrefix("ldaps://") || settings.tls.startTLS
        guard url.lowercased().hasPrefix("ldap://") || url.lowercased().hasPrefix("ldaps://") else {
            throw LDAPError(.invalidURL, operation: "connect to \(url)", context: "the URL must start with ldap:// or ldaps://")
        }
        var optionalHandle: OpaquePointer?
        let initResult = ldap_initialize(&optionalHandle, url)
        guard initResult == LDAP_SUCCESS, let handle = optionalHandle else {
            throw LDAPError(.invalidURL, operation: "connect to \(url)", resultCode: initResult,
                            resultText: String(cString: ldap_err2string(initResult)))
        }
        var handleOwned = true
        defer { if handleOwned { ldap_unbind_ext(handle, nil, nil) } }

        func setOption(_ option: Int32, _ value: UnsafeRawPointer?, _ name: String) throws {
            let rc = ldap_set_option(handle, option, value)
            guard rc == LDAP_OPT_SUCCESS else {
                throw LDAPError(.other, operation: "set LDAP option \(name) for \(url)", resultCode: rc,
                                resultText: String(cString: ldap_err2string(rc)))
            }
        }
        var version = LDAP_VERSION3
        try setOption(LDAP_OPT_PROTOCOL_VERSION, &version, "protocol version")
        // Chasing referrals would silently read from (and bind to) servers nobody configured.
        try setOption(LDAP_OPT_REFERRALS, cldap_opt_off(), "referrals")
        var connectTimeout = timeval(seconds: settings.timeouts.connectSeconds)
        try setOption(LDAP_OPT_NETWORK_TIMEOUT, &connectTimeout, "network timeout")
        var operationTimeout = timeval(seconds: settings.timeouts.operationSeconds)
        try setOption(LDAP_OPT_TIMEOUT, &operationTimeout, "operation timeout")

        if usesTLS {
            var requireCert = settings.tls.insecureSkipVerify ? LDAP_OPT_X_TLS_NEVER : LDAP_OPT_X_TLS_DEMAND
            if settings.tls.insecureSkipVerify {
                logger.warning("TLS certificate verification is disabled for this directory", metadata: ["url": "\(url)"])
            }
            try setOption(LDAP_OPT_X_TLS_REQUIRE_CERT, &requireCert, "TLS require certificate")
            if let caFile = settings.tls.caFile {
                try caFile.withCString { try setOption(LDAP_OPT_X_TLS_CACERTFILE, $0, "TLS CA file") }
            }
            // Per-handle TLS options take effect only in a new TLS context.
            var isServer: Int32 = 0
            try setOption(LDAP_OPT_X_TLS_NEWCTX, &isServer, "TLS context")
        }

        // Connecting here rather than inside the bind puts the TLS handshake under the watchdog.
        try HandshakeWatchdog(seconds: settings.timeouts.connectSeconds).guarding(handle, url: url) {
            let rc = ldap_connect(handle)
            guard rc == LDAP_SUCCESS else {
                var failure = error(handle, rc, operation: "connect to \(url)", usesTLS: usesTLS, tlsStep: false)
                if url.lowercased().hasPrefix("ldaps://"), failure.code == .serverUnreachable,
                   TCPProbe.isReachable(url: url, timeoutSeconds: settings.timeouts.connectSeconds) {
                    failure.code = .tlsFailure
                    failure.context = "the server accepts TCP connections, so the TLS handshake failed: "
                        + "check the server certificate and tls.ca_file"
                }
                throw failure
            }
            if settings.tls.startTLS {
                let rc = ldap_start_tls_s(handle, nil, nil)
                guard rc == LDAP_SUCCESS else {
                    throw error(handle, rc, operation: "StartTLS with \(url)", usesTLS: true, tlsStep: true)
                }
            }
        }

        let bindDN = settings.bindDN
        let operation = bindDN.map { "bind to \(url) as \($0)" } ?? "anonymous bind to \(url)"
        let rc: Int32 = withBerval(password ?? "") { credentials in
            ldap_sasl_bind_s(handle, bindDN ?? "", nil, credentials, nil, nil, nil)
        }
        guard rc == LDAP_SUCCESS else {
            throw error(handle, rc, operation: operation, usesTLS: usesTLS, tlsStep: false)
        }
        logger.debug("bound to directory", metadata: ["url": "\(url)", "bind_dn": "\(bindDN ?? "(anonymous)")"])
        if cldap_add_read_ahead(handle) != 0 {
            // Only slower without it: every read still works.
            logger.debug("could not buffer the connection's reads", metadata: ["url": "\(url)"])
        }
        handleOwned = false
        return handle
    }
}
