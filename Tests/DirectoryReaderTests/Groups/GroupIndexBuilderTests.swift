import Testing
@testable import DirectoryReader

@Suite struct GroupIndexBuilderTests {
    @Test func groupMembersResolveDNsUidsAndNestingIgnoringCase() {
        var builder = GroupIndexBuilder(membership: .groupMembers)
        builder.add(dn: "cn=All,dc=x", memberDNs: ["CN=Staff,DC=X"], memberUids: [], memberOf: [])
        builder.add(dn: "cn=Staff,dc=x", memberDNs: ["uid=ann,dc=x"], memberUids: [], memberOf: [])
        builder.add(dn: "cn=Unix,dc=x", memberDNs: [], memberUids: ["bob"], memberOf: [])
        builder.add(dn: "cn=Unique,dc=x", memberDNs: ["uid=bob,dc=x#'0101'B"], memberUids: [], memberOf: [])
        let index = builder.build()
        #expect(index.groups(userDN: "UID=Ann,dc=x", memberOf: [], uids: []) == ["cn=All,dc=x", "cn=Staff,dc=x"])
        #expect(index.groups(userDN: "uid=bob,dc=x", memberOf: [], uids: ["bob"]) == ["cn=Unique,dc=x", "cn=Unix,dc=x"])
        #expect(index.groups(userDN: "uid=eve,dc=x", memberOf: [], uids: ["eve"]).isEmpty)
    }

    @Test func memberOfResolvesNestingAndDropsUnknownGroups() {
        var builder = GroupIndexBuilder(membership: .memberOf)
        builder.add(dn: "cn=Parent,dc=x", memberDNs: [], memberUids: [], memberOf: [])
        builder.add(dn: "cn=Child,dc=x", memberDNs: [], memberUids: [], memberOf: ["cn=parent,dc=x"])
        let index = builder.build()
        #expect(index.groups(userDN: "uid=a", memberOf: ["cn=child,dc=x", "cn=elsewhere,dc=y"], uids: [])
            == ["cn=Child,dc=x", "cn=Parent,dc=x"])
    }

    @Test func groupsAreFoundBySIDForPrimaryGroups() {
        var builder = GroupIndexBuilder(membership: .memberOf)
        builder.add(dn: "CN=Staff,DC=x", memberDNs: [], memberUids: [], memberOf: ["cn=all,dc=x"], sid: "S-1-5-21-1-2-3-1105")
        builder.add(dn: "CN=All,DC=x", memberDNs: [], memberUids: [], memberOf: [], sid: "S-1-5-21-1-2-3-1106")
        let index = builder.build()
        let staff = index.index(ofGroupSID: "S-1-5-21-1-2-3-1105")
        #expect(staff == index.index(ofGroup: "cn=staff,dc=x"))
        #expect(index.index(ofGroupSID: "S-1-5-21-9-9-9-1105") == nil, "another domain's RID 1105")
        #expect(index.names(reachedFrom: index.directGroups([staff!], userDN: "cn=u,dc=x", uids: [])) == ["CN=All,DC=x", "CN=Staff,DC=x"])
    }
}

extension GroupIndex {
    /// DNs of all groups the user is in, directly or through nesting, sorted, as a read finds
    /// them. Only groups found by the group read count: a `memberOf` value outside the group
    /// base or filter is not reported.
    fileprivate func groups(userDN: String, memberOf: [String], uids: [String]) -> [String] {
        names(reachedFrom: directGroups(memberOf.compactMap(index(ofGroup:)), userDN: userDN, uids: uids))
    }
}
