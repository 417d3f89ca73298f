import Testing
@testable import DirectoryReader
import TestSupport

@Suite struct MembershipIndexTests {
    /// Members of one group and of several answer alike, in the order the groups listed them.
    @Test func answersEveryGroupListingAMemberInOrder() {
        var index = MembershipIndex()
        #expect(index.isEmpty)
        index.add("ann", group: 3)
        index.add("bob", group: 0)
        index.add("bob", group: 2)
        index.add("cy", group: 1)
        index.add("bob", group: 5)
        index.add("cy", group: 4)
        #expect(!index.isEmpty)
        #expect(index.groups(of: "ann") == [3])
        #expect(index.groups(of: "bob") == [0, 2, 5])
        #expect(index.groups(of: "cy") == [1, 4])
        #expect(index.groups(of: "dan").isEmpty)
        var groups = [9]
        index.appendGroups(of: "bob", to: &groups)
        index.appendGroups(of: "ann", to: &groups)
        #expect(groups == [9, 0, 2, 5, 3])
    }

    /// Thousands of members, grown from the smallest table, against a dictionary: members that
    /// are prefixes or extensions of others, the empty member, and members never added.
    @Test func answersLikeADictionaryThroughGrowth() {
        var generator = SplitMix64(seed: 42)
        var index = MembershipIndex()
        var expected: [String: [Int]] = [:]
        var members = [""]
        for number in 0..<6_000 {
            let base = "uid=u\(number),ou=people,dc=example,dc=org"
            members.append(base)
            if number.isMultiple(of: 7) { members.append(String(base.dropLast())) }
        }
        for _ in 0..<9_000 {
            let member = members[Int.random(in: 0..<members.count, using: &generator)]
            let group = Int.random(in: 0..<50, using: &generator)
            index.add(member, group: group)
            expected[member, default: []].append(group)
        }
        for member in members + ["uid=nobody,dc=example,dc=org", "uid=u1,ou=people,dc=example,dc=or"] {
            #expect(index.groups(of: member) == expected[member, default: []], "\(member)")
        }
    }
}
