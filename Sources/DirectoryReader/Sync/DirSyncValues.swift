import DirBridgeCore

/// The BER values of Active Directory's DirSync control ([MS-ADTS] 3.1.1.3.4.1.3): the request
/// dirbridge sends and the response the server ends each search with. Pure.
enum DirSyncValues {
    static let oid = "1.2.840.113556.1.4.841"
    /// LDAP_SERVER_SHOW_DELETED_OID: asks for tombstones, which carry `isDeleted: TRUE`.
    static let showDeletedOID = "1.2.840.113556.1.4.417"

    /// LDAP_DIRSYNC_INCREMENTAL_VALUES: a group's changed `member` values come as the DNs added
    /// (`member;range=1-1`) and removed (`member;range=0-0`), which is how a user taken out of a
    /// group is found: AD changes only the group, never the user's `memberOf` back-link.
    ///
    /// Not LDAP_DIRSYNC_OBJECT_SECURITY: without it the server demands the "Replicating Directory
    /// Changes" right and in return reports every change, tombstones included. With object
    /// security it would silently leave out what the account may not see, deletions among them,
    /// and a leaver would keep access until the next full read.
    static let flags = Int32(bitPattern: 0x8000_0000)

    /// DirSyncRequestValue ::= SEQUENCE { Flags INTEGER, MaxBytes INTEGER, Cookie OCTET STRING }.
    /// MaxBytes 0 leaves the size of each answer to the server's own limit.
    static func request(cookie: [UInt8]?) -> [UInt8] {
        BERElement.encode(0x30, BERElement.integer(flags) + BERElement.integer(0) + BERElement.encode(0x04, cookie ?? []))
    }

    /// What one DirSync answer says beyond its entries.
    struct Response: Equatable {
        /// The server has more changes; ask again with `cookie`.
        var moreResults: Bool
        var cookie: [UInt8]
    }

    /// DirSyncResponseValue ::= SEQUENCE { MoreResults INTEGER, unused INTEGER, CookieServer OCTET STRING }.
    static func response(_ value: [UInt8]) throws(DERReader.MalformedError) -> Response {
        var outer = DERReader(value[...])
        var reader = DERReader(try outer.read(0x30, "DirSyncResponseValue").content)
        let more = try reader.read(0x02, "DirSyncResponseValue.MoreResults").content
        _ = try reader.read(0x02, "DirSyncResponseValue.unused")
        let cookie = Array(try reader.read(0x04, "DirSyncResponseValue.CookieServer").content)
        return Response(moreResults: more.contains { $0 != 0 }, cookie: cookie)
    }
}
