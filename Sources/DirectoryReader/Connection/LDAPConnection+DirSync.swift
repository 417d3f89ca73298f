internal import CLDAP
import DirBridgeCore

/// What Active Directory's DirSync reported since a cookie: which objects changed, not how.
struct DirSyncChanges: Sendable {
    /// objectGUIDs (16 bytes) of objects added, modified, renamed or moved since the cookie.
    var changed: [[UInt8]] = []
    /// objectGUIDs of objects deleted since the cookie (tombstones).
    var deleted: [[UInt8]] = []
    /// DNs added to or removed from a group's `member` since the cookie.
    var memberChanges: [String] = []
    var cookie: [UInt8] = []
}

/// DirSync ([MS-ADTS] 3.1.1.3.4.1.3): the objects whose requested attributes changed since a
/// cookie, answered in rounds until the server has no more. An object comes with only its changed
/// values, so the caller reads the changed users again whole.
extension LDAPConnection {
    func dirSync(_ request: SearchRequest, cookie: [UInt8]?) async throws -> DirSyncChanges {
        try await perform { handle in
            try self.dirSync(handle, request, cookie: cookie)
        }
    }

    private func dirSync(_ handle: OpaquePointer, _ request: SearchRequest, cookie: [UInt8]?) throws -> DirSyncChanges {
        let operation = "read changes (DirSync) below \(request.baseDN) with filter \(request.filter)"
        var changes = DirSyncChanges()
        var cookie = cookie
        while true {
            let controls = [
                RequestControl(oid: DirSyncValues.oid, critical: true, value: DirSyncValues.request(cookie: cookie)),
                RequestControl(oid: DirSyncValues.showDeletedOID, critical: false, value: []),
            ]
            let messageID = try sendSearch(handle, request, controls: controls, sizeLimit: Int32.max, operation: operation)
            let value = try readControlledSearch(
                handle, messageID: messageID, operation: operation,
                entry: { message in
                    let entry = try self.convertEntry(handle, message, operation: operation)
                    guard let guid = entry.firstValue(of: "objectGUID"), guid.count == 16 else {
                        throw LDAPError(.other, operation: operation, context: "\(entry.dn) came without its objectGUID")
                    }
                    let members = entry.attributes.filter { $0.name.lowercased().hasPrefix("member;range=") }
                    if entry.firstValue(of: "isDeleted").map({ String(decoding: $0, as: UTF8.self).uppercased() == "TRUE" }) == true {
                        changes.deleted.append(Array(guid))
                    } else if !members.isEmpty {
                        changes.memberChanges += members.flatMap(entry.strings)
                    } else {
                        changes.changed.append(Array(guid))
                    }
                },
                intermediate: { _ in },
                done: { controls in Self.controlValue(DirSyncValues.oid, in: controls) })
            guard let value else {
                throw LDAPError(.unsupportedControl, operation: operation, context: "the server answered without a DirSync response")
            }
            let response = try Self.parsed(operation) { () throws(DERReader.MalformedError) in try DirSyncValues.response(value) }
            changes.cookie = response.cookie
            guard response.moreResults else { return changes }
            cookie = response.cookie
        }
    }
}
