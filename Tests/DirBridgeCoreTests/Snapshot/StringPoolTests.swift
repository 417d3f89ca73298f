import Testing
@testable import DirBridgeCore

@Suite struct StringPoolTests {
    @Test func handsOutThePooledInstanceForEqualStringsAndAnythingElseUnchanged() {
        let users = [
            DirectoryUser(anchor: Anchor("3f2b-0001"), dn: "cn=Smith\\, John,ou=People,dc=example,dc=org", enabled: true, attributes: [:], groups: []),
            DirectoryUser(anchor: Anchor("3f2b-0002"), dn: "uid=ærø,ou=People,dc=example,dc=org", enabled: false, attributes: [:], groups: []),
        ]
        let pool = StringPool(anchorsAndDNsOf: users)
        // Built from other storage (as SQLite rows are), equal by value.
        let fromRow = String(decoding: Array("uid=ærø,ou=People,dc=example,dc=org".utf8), as: UTF8.self)
        #expect(pool.shared(fromRow) == users[1].dn)
        #expect(pool.shared("3f2b-0001") == "3f2b-0001")
        #expect(pool.shared("not-in-the-pool") == "not-in-the-pool")
        #expect(StringPool.empty.shared("x") == "x")
        // Case matters: anchors and DNs are compared exactly, as the diff compares them.
        #expect(pool.shared("UID=ærø,ou=People,dc=example,dc=org") == "UID=ærø,ou=People,dc=example,dc=org")
    }
}
