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

@Suite struct DirectoryUserNormalizedInitTests {
    @Test func keepsAlreadyNormalisedValuesAsGiven() {
        let normalised = DirectoryUser(
            anchor: Anchor("a"), dn: "uid=a", enabled: true,
            lowercasedAttributes: ["mail": ["a@example.org"]], sortedGroups: ["cn=Alpha", "cn=Zeta"]
        )
        let general = DirectoryUser(
            anchor: Anchor("a"), dn: "uid=a", enabled: true,
            attributes: ["MAIL": ["a@example.org"]], groups: ["cn=Zeta", "cn=Alpha"]
        )
        #expect(normalised == general)
    }
}
