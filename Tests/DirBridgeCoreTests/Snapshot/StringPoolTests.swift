import Testing
@testable import DirBridgeCore

@Suite struct StringPoolTests {
    static let users = [
        DirectoryUser(anchor: Anchor("3f2b-0001"), dn: "cn=Smith\\, John,ou=People,dc=example,dc=org", enabled: true, attributes: [:], groups: []),
        DirectoryUser(anchor: Anchor("3f2b-0002"), dn: "uid=ærø,ou=People,dc=example,dc=org", enabled: false, attributes: [:], groups: []),
    ]

    @Test func equalAnchorAndDNComeBackEqual() {
        let pool = StringPool(anchorsAndDNsOf: Self.users)
        // Built from other storage (as SQLite rows are), equal by value.
        let dn = String(decoding: Array("uid=ærø,ou=People,dc=example,dc=org".utf8), as: UTF8.self)
        let shared = pool.shared(anchor: "3f2b-0002", dn: dn)
        #expect(shared.anchor == "3f2b-0002" && shared.dn == Self.users[1].dn)
    }

    @Test func aRenamedOrUnknownUserKeepsTheStoredStrings() {
        let pool = StringPool(anchorsAndDNsOf: Self.users)
        // Same anchor, the DN the snapshot holds from before a rename: the old DN stays.
        let renamed = pool.shared(anchor: "3f2b-0001", dn: "cn=John Smith,ou=Old,dc=example,dc=org")
        #expect(renamed.anchor == "3f2b-0001" && renamed.dn == "cn=John Smith,ou=Old,dc=example,dc=org")
        let leaver = pool.shared(anchor: "gone", dn: "uid=gone,dc=example,dc=org")
        #expect(leaver.anchor == "gone" && leaver.dn == "uid=gone,dc=example,dc=org")
        // Anchors are compared exactly, as the diff compares them.
        #expect(pool.shared(anchor: "3F2B-0001", dn: "x").dn == "x")
        #expect(StringPool.empty.shared(anchor: "3f2b-0001", dn: "y") == ("3f2b-0001", "y"))
    }
}
