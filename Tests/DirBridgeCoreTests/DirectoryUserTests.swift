import Testing
@testable import DirBridgeCore

@Suite struct DirectoryUserTests {
    @Test func attributeLookupIgnoresCase() {
        let user = DirectoryUser(
            anchor: Anchor("a"), dn: "uid=a,dc=example", enabled: true,
            attributes: ["givenName": ["Ann"], "MAIL": ["ann@example.org"]], groups: []
        )
        #expect(user.values(of: "givenname") == ["Ann"])
        #expect(user.values(of: "mail") == ["ann@example.org"])
        #expect(user.values(of: "sn").isEmpty)
    }

    @Test func groupsAreSortedAndMembershipIgnoresCase() {
        let user = DirectoryUser(
            anchor: Anchor("a"), dn: "uid=a", enabled: true, attributes: [:],
            groups: ["cn=Zeta,dc=x", "cn=Alpha,dc=x"]
        )
        #expect(user.groups == ["cn=Alpha,dc=x", "cn=Zeta,dc=x"])
        #expect(user.isMember(of: "CN=zeta,DC=X"))
        #expect(!user.isMember(of: "cn=beta,dc=x"))
    }
}
