internal import CLDAP
import DirBridgeCore
import Dispatch
import Logging
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One authenticated connection to a directory server: the only place libldap is called.
///
/// libldap calls block, so every call runs on this connection's own serial queue, never on the
/// Swift cooperative pool; `async` callers suspend until the queue answers. Each libldap result
/// code becomes an `LDAPError` and every buffer libldap hands out is freed where it is received.
final class LDAPConnection: @unchecked Sendable {
    // Touched only on `queue`.
    private var handle: OpaquePointer?
    private let queue: DispatchQueue
    private let settings: DirectorySourceSettings
    private let logger: Logger

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
        return try await withCheckedThrowingContinuation { continuation in
            queue.async {
                continuation.resume(with: Result {
                    let handle = try openHandle(settings: settings, password: password, logger: logger)
                    return LDAPConnection(handle: handle, queue: queue, settings: settings, logger: logger)
                })
            }
        }
    }

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

    /// Starts a paged search; pull pages from the returned cursor with `nextPage(of:)`.
    func pagedSearch(_ request: SearchRequest) -> PagedSearchCursor {
        PagedSearchCursor(request: request)
    }

    /// The next page of a paged search, or `nil` after the last one.
    ///
    /// Reads one page ahead: once a page is handed out, the queue goes on to request and read
    /// the following one while the caller converts this one. At most one page waits unclaimed.
    func nextPage(of cursor: PagedSearchCursor) async throws -> [LDAPEntry]? {
        try await perform { handle in
            let page: Result<[LDAPEntry]?, any Error>
            if let ahead = cursor.readAhead {
                cursor.readAhead = nil
                page = ahead
            } else {
                page = Result { try self.readPage(handle, cursor) }
            }
            if case .success(.some) = page, !cursor.finished {
                self.queue.async {
                    guard let handle = self.handle else { return }
                    cursor.readAhead = Result { try self.readPage(handle, cursor) }
                }
            }
            return try page.get()
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

    private func perform<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
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

    // MARK: - Connect and bind

    private static func openHandle(settings: DirectorySourceSettings, password: String?, logger: Logger) throws -> OpaquePointer {
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

        if settings.tls.startTLS {
            let rc = ldap_start_tls_s(handle, nil, nil)
            guard rc == LDAP_SUCCESS else {
                throw error(handle, rc, operation: "StartTLS with \(url)", usesTLS: true, tlsStep: true)
            }
        }

        let bindDN = settings.bindDN
        let operation = bindDN.map { "bind to \(url) as \($0)" } ?? "anonymous bind to \(url)"
        let rc: Int32 = withBerval(password ?? "") { credentials in
            ldap_sasl_bind_s(handle, bindDN ?? "", nil, credentials, nil, nil, nil)
        }
        guard rc == LDAP_SUCCESS else {
            var failure = error(handle, rc, operation: operation, usesTLS: usesTLS, tlsStep: false)
            if url.lowercased().hasPrefix("ldaps://"), failure.code == .serverUnreachable,
               TCPProbe.isReachable(url: url, timeoutSeconds: settings.timeouts.connectSeconds) {
                failure.code = .tlsFailure
                failure.context = "the server accepts TCP connections, so the TLS handshake failed: "
                    + "check the server certificate and tls.ca_file"
            }
            throw failure
        }
        logger.debug("bound to directory", metadata: ["url": "\(url)", "bind_dn": "\(bindDN ?? "(anonymous)")"])
        handleOwned = false
        return handle
    }

    // MARK: - Searching

    private func sendSearch(_ handle: OpaquePointer, _ request: SearchRequest, cookie: [UInt8], operation: String) throws -> Int32 {
        var pageControl: UnsafeMutablePointer<LDAPControl>?
        defer { if let pageControl { ldap_control_free(pageControl) } }
        if let pageSize = request.pageSize {
            let rc: Int32 = cookie.withUnsafeBufferPointer { bytes in
                var cookieValue = berval(bv_len: ber_len_t(bytes.count),
                                         bv_val: UnsafeMutablePointer(mutating: bytes.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }))
                if bytes.isEmpty {
                    return ldap_create_page_control(handle, ber_int_t(pageSize), nil, 1, &pageControl)
                }
                return ldap_create_page_control(handle, ber_int_t(pageSize), &cookieValue, 1, &pageControl)
            }
            guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: operation) }
        }
        var serverControls: [UnsafeMutablePointer<LDAPControl>?] = [pageControl, nil]
        let attributeNames: [UnsafeMutablePointer<CChar>?] = request.attributes.map { strdup($0) } + [nil]
        defer { attributeNames.forEach { free($0) } }
        var attributeArray = attributeNames
        var messageID: Int32 = 0
        let scope: Int32 = switch request.scope {
        case .base: LDAP_SCOPE_BASE
        case .one: LDAP_SCOPE_ONELEVEL
        case .subtree: LDAP_SCOPE_SUBTREE
        }
        let rc = attributeArray.withUnsafeMutableBufferPointer { attributes in
            serverControls.withUnsafeMutableBufferPointer { controls in
                ldap_search_ext(
                    handle, request.baseDN, scope, request.filter,
                    request.attributes.isEmpty ? nil : attributes.baseAddress, 0,
                    pageControl == nil ? nil : controls.baseAddress, nil, nil, LDAP_NO_LIMIT, &messageID
                )
            }
        }
        guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: operation) }
        return messageID
    }

    /// Reads every message of one search; entries are converted and each message freed as it
    /// arrives. Returns the final result's controls' page cookie (empty when none).
    private func collectResults(
        _ handle: OpaquePointer, messageID: Int32, operation: String, into entries: inout [LDAPEntry]
    ) throws -> [UInt8] {
        while true {
            var message: OpaquePointer?
            var timeout = timeval(seconds: settings.timeouts.operationSeconds)
            let type = ldap_result(handle, messageID, LDAP_MSG_ONE, &timeout, &message)
            switch type {
            case -1:
                throw Self.error(handle, Self.lastResultCode(handle), operation: operation)
            case 0:
                ldap_abandon_ext(handle, messageID, nil, nil)
                throw LDAPError(.timeout, operation: operation,
                                context: "no answer within \(settings.timeouts.operationSeconds) s")
            case LDAP_RES_SEARCH_ENTRY_RAW:
                defer { ldap_msgfree(message) }
                entries.append(try convertEntry(handle, message!, operation: operation))
            case LDAP_RES_SEARCH_RESULT_RAW:
                return try parseFinalResult(handle, message!, operation: operation)
            case LDAP_RES_SEARCH_REFERENCE_RAW:
                defer { ldap_msgfree(message) }
                // Referral chasing is off by design, and the users below a referral are not read:
                // taking the rest as the whole directory would make them look like leavers.
                let urls = referenceURLs(handle, message!)
                if settings.ignoresReferrals || urls.allSatisfy(Self.isDirectorySystemPartition) {
                    logger.debug("skipping search reference", metadata: ["operation": "\(operation)", "to": "\(urls)"])
                    continue
                }
                let target = urls.joined(separator: ", ")
                ldap_abandon_ext(handle, messageID, nil, nil)
                throw LDAPError(
                    .referral, operation: operation,
                    context: "continuation to \(target.isEmpty ? "an unnamed server" : target); the read is incomplete, so"
                        + " nothing is compared: point base_dn below it, or set source.referrals: ignore if no users live there")
            default:
                // Intermediate responses carry nothing dirbridge reads.
                ldap_msgfree(message)
            }
        }
    }

    /// Active Directory refers a search of the domain root to its application and configuration
    /// partitions (DNS zones, Configuration), on the same servers: they hold no users.
    static func isDirectorySystemPartition(_ url: String) -> Bool {
        guard let scheme = url.range(of: "://"), let slash = url[scheme.upperBound...].firstIndex(of: "/") else { return false }
        let dn = (url[url.index(after: slash)...].removingPercentEncoding ?? "").lowercased()
        return ["dc=domaindnszones,", "dc=forestdnszones,", "cn=configuration,", "cn=schema,cn=configuration,"]
            .contains { dn.hasPrefix($0) }
    }

    /// The LDAP URLs a search continuation reference names.
    private func referenceURLs(_ handle: OpaquePointer, _ message: OpaquePointer) -> [String] {
        var references: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        guard ldap_parse_reference(handle, message, &references, nil, 0) == LDAP_SUCCESS, let references else { return [] }
        defer { ldap_memvfree(UnsafeMutableRawPointer(references).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)) }
        var urls: [String] = []
        var index = 0
        while let url = references[index] {
            urls.append(String(cString: url))
            index += 1
        }
        return urls
    }

    private func parseFinalResult(_ handle: OpaquePointer, _ message: OpaquePointer, operation: String) throws -> [UInt8] {
        var resultCode: Int32 = 0
        var matchedDN: UnsafeMutablePointer<CChar>?
        var diagnostic: UnsafeMutablePointer<CChar>?
        var referrals: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var controls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?
        let rc = ldap_parse_result(handle, message, &resultCode, &matchedDN, &diagnostic, &referrals, &controls, 1)
        defer {
            ldap_memfree(matchedDN)
            ldap_memfree(diagnostic)
            if let referrals { ldap_memvfree(UnsafeMutableRawPointer(referrals).assumingMemoryBound(to: UnsafeMutableRawPointer?.self)) }
            if let controls { ldap_controls_free(controls) }
        }
        guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: operation) }
        guard resultCode == LDAP_SUCCESS else {
            throw LDAPError(Self.code(for: resultCode), operation: operation, resultCode: resultCode,
                            resultText: String(cString: ldap_err2string(resultCode)),
                            diagnosticMessage: diagnostic.map { String(cString: $0) })
        }
        guard let control = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls, nil) else { return [] }
        var count: ber_int_t = 0
        var cookie = berval(bv_len: 0, bv_val: nil)
        let parse = ldap_parse_pageresponse_control(handle, control, &count, &cookie)
        defer { ldap_memfree(cookie.bv_val) }
        guard parse == LDAP_SUCCESS else { throw Self.error(handle, parse, operation: "\(operation): parse paged-results response") }
        guard let bytes = cookie.bv_val, cookie.bv_len > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: bytes, count: Int(cookie.bv_len)))
    }

    private func searchToCompletion(_ handle: OpaquePointer, _ request: SearchRequest, operation: String) throws -> [LDAPEntry] {
        let messageID = try sendSearch(handle, request, cookie: [], operation: operation)
        var entries: [LDAPEntry] = []
        _ = try collectResults(handle, messageID: messageID, operation: operation, into: &entries)
        for index in entries.indices { try completeRanges(handle, &entries[index]) }
        return entries
    }

    private func readPage(_ handle: OpaquePointer, _ cursor: PagedSearchCursor) throws -> [LDAPEntry]? {
        guard !cursor.finished else { return nil }
        let request = cursor.request
        let operation = "search page \(cursor.pagesRead + 1) of \(request.baseDN) with filter \(request.filter)"
        let messageID = try cursor.pendingMessageID ?? sendSearch(handle, request, cookie: cursor.cookie, operation: operation)
        cursor.pendingMessageID = nil
        var entries: [LDAPEntry] = []
        entries.reserveCapacity(request.pageSize ?? 0)
        do {
            cursor.cookie = try collectResults(handle, messageID: messageID, operation: operation, into: &entries)
            for index in entries.indices { try completeRanges(handle, &entries[index]) }
        } catch {
            cursor.finished = true
            throw error
        }
        cursor.pagesRead += 1
        if cursor.cookie.isEmpty {
            cursor.finished = true
        } else {
            let next = "search page \(cursor.pagesRead + 1) of \(request.baseDN) with filter \(request.filter)"
            cursor.pendingMessageID = try sendSearch(handle, request, cookie: cursor.cookie, operation: next)
        }
        return entries
    }

    // MARK: - Entries

    /// One pass over the entry's BER encoding (as ldapsearch does): names and values point into
    /// the message buffer and are copied once into Swift; only the value arrays are allocated.
    private func convertEntry(_ handle: OpaquePointer, _ message: OpaquePointer, operation: String) throws -> LDAPEntry {
        var ber: OpaquePointer?
        var dn = berval(bv_len: 0, bv_val: nil)
        let rc = ldap_get_dn_ber(handle, message, &ber, &dn)
        defer { if let ber { ber_free(ber, 0) } }
        guard rc == LDAP_SUCCESS, let ber else {
            throw Self.error(handle, rc, operation: "\(operation): read entry DN")
        }
        var entry = LDAPEntry(dn: String(decoding: dn.bytes, as: UTF8.self), expectedAttributes: 16, expectedBytes: 512)
        while true {
            var name = berval(bv_len: 0, bv_val: nil)
            var values: UnsafeMutablePointer<berval>?
            let rc = ldap_get_attribute_ber(handle, message, ber, &name, &values)
            defer { if let values { ber_memfree(values) } }
            guard rc == LDAP_SUCCESS else {
                throw Self.error(handle, rc, operation: "\(operation): decode attributes of \(entry.dn)")
            }
            guard name.bv_val != nil else { break }
            if name.bytes.contains(UInt8(ascii: ";")) { entry.hasAttributeOptions = true }
            entry.append(attribute: String(decoding: name.bytes, as: UTF8.self)) { add in
                guard let values else { return }
                var index = 0
                while values[index].bv_val != nil {
                    add(values[index].bytes)
                    index += 1
                }
            }
        }
        return entry
    }

    /// Active Directory returns at most MaxValRange values of a large attribute and names it
    /// `member;range=0-1499`; fetch the following ranges until the server says `*` (the end).
    private func completeRanges(_ handle: OpaquePointer, _ entry: inout LDAPEntry) throws {
        guard entry.hasAttributeOptions,
              entry.attributes.contains(where: { AttributeRange($0.name) != nil }) else { return }
        var completed = LDAPEntry(dn: entry.dn)
        for attribute in entry.attributes {
            guard var range = AttributeRange(attribute.name) else {
                completed.append(attribute: attribute.name, values: entry.values(attribute))
                continue
            }
            var values = entry.values(attribute)
            while let end = range.end {
                let requested = "\(range.attribute);range=\(end + 1)-*"
                let operation = "range retrieval of \(requested) on \(entry.dn)"
                let request = SearchRequest(baseDN: entry.dn, scope: .base, filter: "(objectClass=*)",
                                            attributes: [requested], pageSize: nil)
                let messageID = try sendSearch(handle, request, cookie: [], operation: operation)
                var step: [LDAPEntry] = []
                _ = try collectResults(handle, messageID: messageID, operation: operation, into: &step)
                guard let stepEntry = step.first, let next = stepEntry.attributes.lazy.compactMap({ attribute in
                    AttributeRange(attribute.name).map { ($0, attribute) }
                }).first(where: { $0.0.attribute.caseInsensitiveEquals(range.attribute) }) else {
                    throw LDAPError(.invalidEntry, operation: operation,
                                    context: "the server returned no further range although the previous one ended at \(end)")
                }
                values.append(contentsOf: stepEntry.values(next.1))
                range = next.0
            }
            completed.append(attribute: range.attribute, values: values)
        }
        entry = completed
    }

    // MARK: - Errors

    private static func lastResultCode(_ handle: OpaquePointer) -> Int32 {
        var code: Int32 = LDAP_OTHER
        ldap_get_option(handle, LDAP_OPT_RESULT_CODE, &code)
        return code
    }

    private static func diagnosticMessage(_ handle: OpaquePointer) -> String? {
        var message: UnsafeMutablePointer<CChar>?
        guard ldap_get_option(handle, LDAP_OPT_DIAGNOSTIC_MESSAGE, &message) == LDAP_OPT_SUCCESS, let message else { return nil }
        defer { ldap_memfree(message) }
        return String(cString: message)
    }

    private static func error(
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

    private static func code(for rc: Int32) -> LDAPError.Code {
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
        default: .other
        }
    }
}

/// The state of one paged search between pages. Only the connection's queue touches it.
final class PagedSearchCursor: @unchecked Sendable {
    let request: SearchRequest
    fileprivate var cookie: [UInt8] = []
    fileprivate var pendingMessageID: Int32?
    fileprivate var pagesRead = 0
    fileprivate var finished = false
    fileprivate var readAhead: Result<[LDAPEntry]?, any Error>?

    fileprivate init(request: SearchRequest) {
        self.request = request
    }
}

// Message types as ldap_result returns them (the header's macros carry a ber_tag_t cast).
private let LDAP_RES_SEARCH_ENTRY_RAW: Int32 = 0x64
private let LDAP_RES_SEARCH_RESULT_RAW: Int32 = 0x65
private let LDAP_RES_SEARCH_REFERENCE_RAW: Int32 = 0x73

private extension berval {
    /// The value's bytes, valid while the message it points into is alive.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bv_val, count: bv_val == nil ? 0 : Int(bv_len))
    }
}

private extension timeval {
    init(seconds: Double) {
        let whole = seconds.rounded(.down)
        self.init(tv_sec: Int(whole), tv_usec: Int((seconds - whole) * 1_000_000))
    }
}

private func withBerval<T>(_ string: String, _ body: (UnsafeMutablePointer<berval>) -> T) -> T {
    var bytes = Array(string.utf8)
    return bytes.withUnsafeMutableBytes { buffer in
        var value = berval(bv_len: ber_len_t(buffer.count), bv_val: buffer.baseAddress?.assumingMemoryBound(to: CChar.self))
        return body(&value)
    }
}
