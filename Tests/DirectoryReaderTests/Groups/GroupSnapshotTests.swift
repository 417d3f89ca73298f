import Testing
@testable import DirectoryReader

/// An index built for a few users (a delta read's) answers for them exactly as the index of
/// every membership does, nesting and posixGroup uids included, and holds nobody else.
@Suite struct GroupSnapshotTests {
    private static func entry(_ dn: String, _ attributes: [(String, [String])]) -> LDAPEntry {
        var entry = LDAPEntry(dn: dn)
        for (name, values) in attributes {
            entry.append(attribute: name, values: values.map { ArraySlice(Array($0.utf8)) })
        }
        return entry
    }

    private static let groups = GroupSnapshot([
        GroupEntry(entry("cn=All,ou=groups,dc=x", [("member", ["CN=Staff,OU=groups,DC=x", "uid=zed,ou=people,dc=x"])])),
        GroupEntry(entry("cn=Staff,ou=groups,dc=x", [
            ("member", ["uid=ann,ou=people,dc=x", "uid=bob,ou=people,dc=x"]),
            ("uniqueMember", ["UID=Cy, ou=people,dc=x#'0101'B"]),
        ])),
        GroupEntry(entry("cn=Unix,ou=groups,dc=x", [("memberUid", ["bob", "dan"])])),
    ])

    private static let users = ["ann", "bob", "Cy", "dan", "zed"].map { uid in
        entry("uid=\(uid),ou=people,dc=x", [("uid", [uid])])
    }

    private static func groups(of user: LDAPEntry, in index: GroupIndex) -> [String] {
        index.names(reachedFrom: index.directGroups([], userDN: user.dn, uids: user.strings(of: "uid")))
    }

    @Test func anIndexForSomeUsersAnswersForThemAsTheFullIndex() throws {
        let plan = ReadPlan(settings: DirectorySourceSettings(url: "ldap://127.0.0.1:1", baseDN: "dc=x"), dialect: .openLDAP)
        try #require(plan.membership == .groupMembers)
        let full = Self.groups.index(plan: plan)
        #expect(Self.groups(of: Self.users[1], in: full) == ["cn=All,ou=groups,dc=x", "cn=Staff,ou=groups,dc=x", "cn=Unix,ou=groups,dc=x"])

        for wanted in [[0, 3], [2], [4, 1], [0, 1, 2, 3, 4]] {
            let chosen = wanted.map { Self.users[$0] }
            let partial = Self.groups.index(plan: plan, for: chosen)
            for (position, user) in Self.users.enumerated() {
                let expected = wanted.contains(position) ? Self.groups(of: user, in: full) : []
                #expect(Self.groups(of: user, in: partial) == expected, "\(user.dn) with \(chosen.map(\.dn)) wanted")
            }
        }
    }
}
