internal import CLDAP
import DirBridgeCore
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What one refreshOnly content synchronisation returned.
struct ContentRefresh: Sendable {
    /// Entries added or modified since the cookie, with the requested attributes.
    var changed: [LDAPEntry] = []
    /// entryUUIDs of entries deleted, or no longer matching the search, since the cookie.
    var deleted: [String] = []
    /// The server answered with a present list instead of deletes: what is gone is only known
    /// by comparing every present entry, which a full read does better.
    var usedPresentList = false
    /// The cookie to continue from next time; nil when the server sent none (nothing changed).
    var cookie: [UInt8]?
}

/// RFC 4533 content synchronisation, refreshOnly: the entries that changed since a cookie.
///
/// Spoken directly rather than through libldap's `ldap_sync_*` helpers, which poll without an
/// overall timeout and unbind the connection they are given; the control values are encoded and
/// parsed by `ContentSyncValues`.
extension LDAPConnection {
    func contentRefresh(_ request: SearchRequest, cookie: [UInt8]?) async throws -> ContentRefresh {
        try await perform { handle in
            try self.contentRefresh(handle, request, cookie: cookie)
        }
    }

    private func contentRefresh(_ handle: OpaquePointer, _ request: SearchRequest, cookie: [UInt8]?) throws -> ContentRefresh {
        let operation = "read changes below \(request.baseDN) with filter \(request.filter)"
        var value = ContentSyncValues.refreshOnlyRequest(cookie: cookie)
        let oid = strdup(ContentSyncValues.requestOID)
        defer { free(oid) }
        let attributeNames: [UnsafeMutablePointer<CChar>?] = request.attributes.map { strdup($0) } + [nil]
        defer { attributeNames.forEach { free($0) } }
        var attributes = attributeNames
        var messageID: Int32 = 0
        let rc = value.withUnsafeMutableBytes { bytes in
            var control = LDAPControl(
                ldctl_oid: oid, ldctl_value: berval(bv_len: ber_len_t(bytes.count), bv_val: bytes.baseAddress?.assumingMemoryBound(to: CChar.self)),
                ldctl_iscritical: 1)
            return withUnsafeMutablePointer(to: &control) { control in
                var controls: [UnsafeMutablePointer<LDAPControl>?] = [control, nil]
                return controls.withUnsafeMutableBufferPointer { controls in
                    attributes.withUnsafeMutableBufferPointer { attributes in
                        // The size limit asks for every change: a delta is small, and a server-side
                        // default (slapd's soft 500) would cut a large one.
                        ldap_search_ext(
                            handle, request.baseDN, request.scope.ldapScope, request.filter, attributes.baseAddress, 0,
                            controls.baseAddress, nil, nil, Int32.max, &messageID)
                    }
                }
            }
        }
        guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: operation) }

        var refresh = ContentRefresh()
        while true {
            let (type, message) = try nextMessage(handle, messageID: messageID, operation: operation)
            switch type {
            case LDAP_RES_SEARCH_ENTRY_RAW:
                defer { ldap_msgfree(message) }
                try readEntry(handle, message!, operation: operation, into: &refresh)
            case LDAP_RES_INTERMEDIATE_RAW:
                defer { ldap_msgfree(message) }
                try readInfo(handle, message!, operation: operation, into: &refresh)
            case LDAP_RES_SEARCH_RESULT_RAW:
                // parseFinalResult frees the message.
                let doneValue = try parseFinalResult(handle, message!, operation: operation) { controls in
                    try Self.syncValue(ContentSyncValues.doneOID, in: controls, operation: operation)
                }
                let done = try doneValue.map { value in
                    try Self.parsed(operation) { () throws(DERReader.MalformedError) in try ContentSyncValues.done(value) }
                }
                if let done {
                    if let cookie = done.cookie { refresh.cookie = cookie }
                    if !done.refreshDeletes { refresh.usedPresentList = true }
                }
                return refresh
            default:
                // A continuation reference: the delta cannot say what lies behind it; a full read will.
                ldap_msgfree(message)
                ldap_abandon_ext(handle, messageID, nil, nil)
                throw LDAPError(.referral, operation: operation, context: "a delta read does not follow references")
            }
        }
    }

    private func readEntry(_ handle: OpaquePointer, _ message: OpaquePointer, operation: String, into refresh: inout ContentRefresh) throws {
        var controls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?
        let rc = ldap_get_entry_controls(handle, message, &controls)
        defer { if let controls { ldap_controls_free(controls) } }
        guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: "\(operation): read an entry's controls") }
        guard let value = try Self.syncValue(ContentSyncValues.stateOID, in: controls, operation: operation) else {
            throw LDAPError(.other, operation: operation, context: "an entry came without its sync state")
        }
        let (state, uuid) = try Self.parsed(operation) { () throws(DERReader.MalformedError) in try ContentSyncValues.entryState(value) }
        switch state {
        case .add, .modify: refresh.changed.append(try convertEntry(handle, message, operation: operation))
        case .delete: refresh.deleted.append(ContentSyncValues.uuidText(uuid))
        case .present: refresh.usedPresentList = true
        }
    }

    private func readInfo(_ handle: OpaquePointer, _ message: OpaquePointer, operation: String, into refresh: inout ContentRefresh) throws {
        var oid: UnsafeMutablePointer<CChar>?
        var data: UnsafeMutablePointer<berval>?
        let rc = ldap_parse_intermediate(handle, message, &oid, &data, nil, 0)
        defer {
            ldap_memfree(oid)
            if let data { ber_bvfree(data) }
        }
        guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: "\(operation): read an intermediate response") }
        guard let oid, String(cString: oid) == ContentSyncValues.infoOID, let data else { return }
        let info = try Self.parsed(operation) { () throws(DERReader.MalformedError) in try ContentSyncValues.info(Array(data.pointee.bytes)) }
        if let cookie = info.cookie { refresh.cookie = cookie }
        if info.refreshDeletes {
            refresh.deleted += info.uuids.map(ContentSyncValues.uuidText)
        } else {
            refresh.usedPresentList = true
        }
    }

    /// The value of the control with `oid` among `controls`, if present.
    private static func syncValue(
        _ oid: String, in controls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?, operation: String
    ) throws -> [UInt8]? {
        guard let control = ldap_control_find(oid, controls, nil) else { return nil }
        return Array(control.pointee.ldctl_value.bytes)
    }

    private static func parsed<T>(_ operation: String, _ body: () throws(DERReader.MalformedError) -> T) throws(LDAPError) -> T {
        do {
            return try body()
        } catch {
            throw LDAPError(.other, operation: operation, context: "malformed content synchronisation value: \(error)")
        }
    }
}

// Message type as ldap_result returns it (the header's macro carries a ber_tag_t cast).
let LDAP_RES_INTERMEDIATE_RAW: Int32 = 0x79
