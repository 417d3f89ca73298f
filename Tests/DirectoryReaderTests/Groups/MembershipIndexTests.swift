import Testing
@testable import DirectoryReader

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
}
