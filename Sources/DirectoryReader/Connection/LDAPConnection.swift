internal import CLDAP
import DirBridgeCore
import Dispatch
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One authenticated connection to a directory server: with its extensions (bind, search, entries,
/// errors: one file each), the only place libldap is called.
///
/// libldap calls block, so every call runs on this connection's own serial queue, never on the
/// Swift cooperative pool; `async` callers suspend until the queue answers. Each libldap result
/// code becomes an `LDAPError` and every buffer libldap hands out is freed where it is received.
final class LDAPConnection: @unchecked Sendable {
    // Touched only on `queue`.
    private var handle: OpaquePointer?
    private let queue: DispatchQueue
    let settings: DirectorySourceSettings
    let logger: Logger

    private init(handle: OpaquePointer, queue: DispatchQueue, settings: DirectorySourceSettings, logger: Logger) {
        self.handle = handle
        self.queue = queue
        self.settings = settings
        self.logger = logger
    }

    deinit {
        if let handle { ldap_unbind_ext(handle, nil, nil) }
    }

    /// Connects, negotiates TLS as configured and binds (simple bind with the resolved password,
    /// or anonymous when no bind DN is set).
    static func connect(settings: DirectorySourceSettings, logger: Logger) async throws -> LDAPConnection {
        // Resolve the secret before touching the network so a missing one fails fast and clearly.
        let password: String?
        if let bindDN = settings.bindDN {
            guard let reference = settings.password else {
                throw LDAPError(.missingPassword, operation: "bind to \(settings.url) as \(bindDN)",
                                context: "bind_dn is set but neither password_env nor password_file is")
            }
            // An empty password would turn a simple bind into an unauthenticated one; resolve()
            // rejects it.
            do throws(SecretResolutionError) {
                password = try reference.resolve().revealed
            } catch {
                throw LDAPError(.missingPassword, operation: "resolve bind password", context: error.reason)
            }
        } else {
            password = nil
        }
        let queue = DispatchQueue(label: "dirbridge.ldap.\(settings.url)")
        var attempt = 1
        while true {
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    queue.async {
                        continuation.resume(with: Result {
                            let handle = try openHandle(settings: settings, password: password, logger: logger)
                            return LDAPConnection(handle: handle, queue: queue, settings: settings, logger: logger)
                        })
                    }
                }
            } catch let error as LDAPError where attempt < connectAttempts && error.isTransientConnectFailure {
                logger.warning("could not connect to the directory; trying again", metadata: [
                    "url": "\(settings.url)", "attempt": "\(attempt)", "error": "\(error)",
                ])
                try await Task.sleep(for: .milliseconds(500 * attempt))
                attempt += 1
            }
        }
    }

    /// A connection dropped while it opens (a server restarting, a balancer or a busy server
    /// closing it mid-handshake) is tried again twice, half a second and a second later, before
    /// the run fails: a run is every quarter hour, and a blip should not cost one.
    static let connectAttempts = 3

    /// Unbinds and releases the handle. Later calls fail with `.cancelled`.
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                if let handle = self.handle { ldap_unbind_ext(handle, nil, nil) }
                self.handle = nil
                continuation.resume()
            }
        }
    }

    /// Runs a non-paged search to completion (root DSE, single entries).
    func search(_ request: SearchRequest) async throws -> [LDAPEntry] {
        try await perform { handle in
            try self.searchToCompletion(handle, request, operation: "search \(request.baseDN.isEmpty ? "root DSE" : request.baseDN)")
        }
    }

    /// Starts a paged search: the first page is asked for and read on the queue at once, while
    /// the caller does what it must before the entries (a full read builds its group index,
    /// a tenth of the read, which the server otherwise waited out). Pull pages from the
    /// returned cursor with `nextPage(of:)`.
    func pagedSearch(_ request: SearchRequest) -> PagedSearchCursor {
        let cursor = PagedSearchCursor(request: request)
        readAhead(cursor)
        return cursor
    }

    /// The next page of a paged search, or `nil` after the last one.
    ///
    /// Reads ahead: the queue goes on requesting and reading pages while the caller converts
    /// the ones handed out, up to ``PagedSearchCursor/maxPagesAhead`` waiting unclaimed. With one
    /// page ahead, and each claim queued behind the read of the next, the caller, the queue and
    /// the server took turns more than they worked at once.
    func nextPage(of cursor: PagedSearchCursor) async throws -> [LDAPEntry]? {
        readAhead(cursor)
        let page = await cursor.claim()
        readAhead(cursor)
        return try page.get()
    }

    /// Starts reading the cursor's next page on the queue unless one is being read, enough
    /// wait, or the search ended; each read starts the next.
    private func readAhead(_ cursor: PagedSearchCursor) {
        guard cursor.beginReading() else { return }
        queue.async {
            guard let handle = self.handle else {
                cursor.deliver(.failure(LDAPError(.cancelled, operation: "read \(cursor.request.baseDN)",
                                                  context: "connection already closed")), ended: true)
                return
            }
            let page = Result { try self.readPage(handle, cursor) }
            cursor.deliver(page, ended: cursor.finished)
            self.readAhead(cursor)
        }
    }

    /// The TLS this connection negotiated, nil when it runs in clear text. libldap hands out the
    /// version and cipher as static strings and the peer certificate as a DER copy we must free.
    func negotiatedTLS() async throws -> TLSSessionSummary? {
        try await perform { handle in
            var version: UnsafeMutablePointer<CChar>?
            guard ldap_get_option(handle, LDAP_OPT_X_TLS_VERSION, &version) == LDAP_OPT_SUCCESS, let version else { return nil }
            var cipher: UnsafeMutablePointer<CChar>?
            _ = ldap_get_option(handle, LDAP_OPT_X_TLS_CIPHER, &cipher)
            var peer = berval(bv_len: 0, bv_val: nil)
            var certificate: CertificateSummary?
            if ldap_get_option(handle, LDAP_OPT_X_TLS_PEERCERT, &peer) == LDAP_OPT_SUCCESS, let bytes = peer.bv_val {
                defer { ldap_memfree(bytes) }
                let der = UnsafeRawBufferPointer(start: bytes, count: Int(peer.bv_len))
                certificate = try? CertificateSummary(der: Array(der))
            }
            return TLSSessionSummary(
                protocolVersion: String(cString: version), cipher: cipher.map { String(cString: $0) }, certificate: certificate)
        }
    }

    // MARK: - Queue funnel

    func perform<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                guard let handle = self.handle else {
                    continuation.resume(throwing: LDAPError(.cancelled, operation: "use LDAP connection", context: "connection already closed"))
                    return
                }
                continuation.resume(with: Result { try body(handle) })
            }
        }
    }
}
