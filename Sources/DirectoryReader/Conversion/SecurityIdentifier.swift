/// Active Directory's binary `objectSid` in its text form, `S-1-5-21-…-RID`, and the one
/// derivation the reader needs from it: a user's primary group.
///
/// AD never lists a user's primary group (`primaryGroupID`, usually Domain Users) in the user's
/// `memberOf` nor in the group's `member`; the group is the one whose SID is the user's domain
/// SID followed by that RID.
enum SecurityIdentifier {
    /// Binary layout (MS-DTYP 2.4.2.2): revision, sub-authority count, a 48-bit big-endian
    /// identifier authority, then that many 32-bit little-endian sub-authorities.
    static func format(_ value: some Collection<UInt8>) -> String? {
        let bytes = Array(value)
        guard bytes.count >= 8, bytes[0] == 1 else { return nil }
        let count = Int(bytes[1])
        guard bytes.count == 8 + 4 * count else { return nil }
        var authority: UInt64 = 0
        for byte in bytes[2..<8] { authority = authority << 8 | UInt64(byte) }
        var text = "S-1-\(authority)"
        for index in 0..<count {
            let offset = 8 + 4 * index
            let part = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
            text += "-\(part)"
        }
        return text
    }

    /// The SID of the primary group of the user with SID `userSID`: same domain, RID
    /// `primaryGroupID`.
    static func primaryGroup(ofUser userSID: String, primaryGroupID: String) -> String? {
        guard let rid = UInt32(primaryGroupID), let domainEnd = userSID.lastIndex(of: "-") else { return nil }
        return "\(userSID[..<domainEnd])-\(rid)"
    }
}
