internal import CLDAP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Searching: requests with the paged-results control, result collection, referrals.
extension LDAPConnection {
    /// Sends `request`, with the paged-results control (RFC 2696) when it has a page size.
    func sendSearch(_ handle: OpaquePointer, _ request: SearchRequest, cookie: [UInt8], operation: String) throws -> Int32 {
        // realSearchControlValue ::= SEQUENCE { size INTEGER, cookie OCTET STRING }.
        let controls = request.pageSize.map { pageSize in
            [RequestControl(
                oid: LDAP_CONTROL_PAGEDRESULTS, critical: true,
                value: BERElement.encode(0x30, BERElement.integer(Int32(clamping: pageSize)) + BERElement.encode(0x04, cookie)))]
        } ?? []
        return try sendSearch(handle, request, controls: controls, sizeLimit: LDAP_NO_LIMIT, operation: operation)
    }

    /// Reads every message of one search; entries are converted and each message freed as it
    /// arrives. Returns the final result's controls' page cookie (empty when none).
    func collectResults(
        _ handle: OpaquePointer, messageID: Int32, operation: String, into entries: inout [LDAPEntry]
    ) throws -> [UInt8] {
        while true {
            let (type, message) = try nextMessage(handle, messageID: messageID, operation: operation)
            switch type {
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

    /// The next message of a search (the caller frees it), or the error that ends it: a broken
    /// connection, or no answer within the operation timeout (the search is then abandoned).
    func nextMessage(_ handle: OpaquePointer, messageID: Int32, operation: String) throws -> (type: Int32, message: OpaquePointer?) {
        var message: OpaquePointer?
        var timeout = timeval(seconds: settings.timeouts.operationSeconds)
        let type = ldap_result(handle, messageID, LDAP_MSG_ONE, &timeout, &message)
        switch type {
        case -1:
            throw Self.error(handle, Self.lastResultCode(handle), operation: operation)
        case 0:
            ldap_abandon_ext(handle, messageID, nil, nil)
            throw LDAPError(.timeout, operation: operation, context: "no answer within \(settings.timeouts.operationSeconds) s")
        default:
            return (type, message)
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
    func referenceURLs(_ handle: OpaquePointer, _ message: OpaquePointer) -> [String] {
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

    /// The paged-results cookie of a search's final result (empty when none).
    func parseFinalResult(_ handle: OpaquePointer, _ message: OpaquePointer, operation: String) throws -> [UInt8] {
        try parseFinalResult(handle, message, operation: operation) { controls in
            guard let control = ldap_control_find(LDAP_CONTROL_PAGEDRESULTS, controls, nil) else { return [] }
            var count: ber_int_t = 0
            var cookie = berval(bv_len: 0, bv_val: nil)
            let parse = ldap_parse_pageresponse_control(handle, control, &count, &cookie)
            defer { ldap_memfree(cookie.bv_val) }
            guard parse == LDAP_SUCCESS else { throw Self.error(handle, parse, operation: "\(operation): parse paged-results response") }
            guard let bytes = cookie.bv_val, cookie.bv_len > 0 else { return [] }
            return Array(UnsafeRawBufferPointer(start: bytes, count: Int(cookie.bv_len)))
        }
    }

    /// Checks a search's final result and hands its response controls (freed afterwards) to `body`.
    func parseFinalResult<T>(
        _ handle: OpaquePointer, _ message: OpaquePointer, operation: String,
        controls body: (UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?) throws -> T
    ) throws -> T {
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
        return try body(controls)
    }

    func searchToCompletion(_ handle: OpaquePointer, _ request: SearchRequest, operation: String) throws -> [LDAPEntry] {
        let messageID = try sendSearch(handle, request, cookie: [], operation: operation)
        var entries: [LDAPEntry] = []
        _ = try collectResults(handle, messageID: messageID, operation: operation, into: &entries)
        for index in entries.indices { try completeRanges(handle, &entries[index]) }
        return entries
    }

    func readPage(_ handle: OpaquePointer, _ cursor: PagedSearchCursor) throws -> [LDAPEntry]? {
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
}

extension SearchScope {
    var ldapScope: Int32 {
        switch self {
        case .base: LDAP_SCOPE_BASE
        case .one: LDAP_SCOPE_ONELEVEL
        case .subtree: LDAP_SCOPE_SUBTREE
        }
    }
}

// Message types as ldap_result returns them (the header's macros carry a ber_tag_t cast).
let LDAP_RES_SEARCH_ENTRY_RAW: Int32 = 0x64
let LDAP_RES_SEARCH_RESULT_RAW: Int32 = 0x65
let LDAP_RES_SEARCH_REFERENCE_RAW: Int32 = 0x73

extension berval {
    /// The value's bytes, valid while the message it points into is alive.
    var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(start: bv_val, count: bv_val == nil ? 0 : Int(bv_len))
    }
}

extension timeval {
    init(seconds: Double) {
        let whole = seconds.rounded(.down)
        self.init(tv_sec: Int(whole), tv_usec: Int((seconds - whole) * 1_000_000))
    }
}

func withBerval<T>(_ string: String, _ body: (UnsafeMutablePointer<berval>) -> T) -> T {
    var bytes = Array(string.utf8)
    return bytes.withUnsafeMutableBytes { buffer in
        var value = berval(bv_len: ber_len_t(buffer.count), bv_val: buffer.baseAddress?.assumingMemoryBound(to: CChar.self))
        return body(&value)
    }
}
