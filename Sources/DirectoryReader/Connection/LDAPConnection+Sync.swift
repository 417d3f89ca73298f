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
        let control = RequestControl(oid: ContentSyncValues.requestOID, critical: true, value: ContentSyncValues.refreshOnlyRequest(cookie: cookie))
        // No size limit: a delta is small, and a server-side default (slapd's soft 500) would cut a large one.
        let messageID = try sendSearch(handle, request, controls: [control], sizeLimit: Int32.max, operation: operation)
        var refresh = ContentRefresh()
        let done = try readControlledSearch(
            handle, messageID: messageID, operation: operation,
            entry: { message in try self.readEntry(handle, message, operation: operation, into: &refresh) },
            intermediate: { message in try self.readInfo(handle, message, operation: operation, into: &refresh) },
            done: { controls in Self.controlValue(ContentSyncValues.doneOID, in: controls) })
        if let done = try done.map({ value in
            try Self.parsed(operation) { () throws(DERReader.MalformedError) in try ContentSyncValues.done(value) }
        }) {
            if let cookie = done.cookie { refresh.cookie = cookie }
            if !done.refreshDeletes { refresh.usedPresentList = true }
        }
        return refresh
    }

    private func readEntry(_ handle: OpaquePointer, _ message: OpaquePointer, operation: String, into refresh: inout ContentRefresh) throws {
        var controls: UnsafeMutablePointer<UnsafeMutablePointer<LDAPControl>?>?
        let rc = ldap_get_entry_controls(handle, message, &controls)
        defer { if let controls { ldap_controls_free(controls) } }
        guard rc == LDAP_SUCCESS else { throw Self.error(handle, rc, operation: "\(operation): read an entry's controls") }
        guard let value = Self.controlValue(ContentSyncValues.stateOID, in: controls) else {
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

    static func parsed<T>(_ operation: String, _ body: () throws(DERReader.MalformedError) -> T) throws(LDAPError) -> T {
        do {
            return try body()
        } catch {
            throw LDAPError(.other, operation: operation, context: "malformed control value: \(error)")
        }
    }
}
