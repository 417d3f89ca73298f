import Testing
@testable import DirectoryReader

@Suite struct SecurityIdentifierTests {
    // S-1-5-21-3623811015-3361044348-30300820-1013 as AD stores it.
    static let userSID: [UInt8] = [
        0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x15, 0x00, 0x00, 0x00, 0xC7, 0xF7, 0xFE, 0xD7,
        0x7C, 0x77, 0x55, 0xC8, 0x94, 0x5A, 0xCE, 0x01, 0xF5, 0x03, 0x00, 0x00,
    ]

    @Test func formatsTheBinarySIDAsText() {
        #expect(SecurityIdentifier.format(Self.userSID) == "S-1-5-21-3623811015-3361044348-30300820-1013")
        // Well-known SID with one sub-authority: BUILTIN (S-1-5-32).
        #expect(SecurityIdentifier.format([0x01, 0x01, 0, 0, 0, 0, 0, 0x05, 0x20, 0, 0, 0]) == "S-1-5-32")
    }

    @Test func refusesTruncatedOrForeignValues() {
        #expect(SecurityIdentifier.format(Self.userSID.dropLast()) == nil)
        #expect(SecurityIdentifier.format([0x02] + Self.userSID.dropFirst()) == nil, "unknown revision")
        #expect(SecurityIdentifier.format([UInt8]()) == nil)
    }

    @Test func primaryGroupIsTheUsersDomainWithTheGroupRID() {
        let user = "S-1-5-21-3623811015-3361044348-30300820-1013"
        #expect(SecurityIdentifier.primaryGroup(ofUser: user, primaryGroupID: "513") == "S-1-5-21-3623811015-3361044348-30300820-513")
        #expect(SecurityIdentifier.primaryGroup(ofUser: user, primaryGroupID: "not a number") == nil)
    }
}
