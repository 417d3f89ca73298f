import Testing
@testable import DirectoryReader

/// Users with the same direct groups share one group list; the list is the index's answer
/// whatever the order or repetition of the direct groups, and past the memo's capacity too.
@Suite struct GroupListMemoTests {
    private static func index(groups: Int) -> GroupIndex {
        var builder = GroupIndexBuilder(membership: .memberOf)
        builder.add(dn: "cn=Root,dc=x", memberDNs: [], memberUids: [], memberOf: [])
        for group in 1..<groups {
            builder.add(dn: "cn=G\(group),dc=x", memberDNs: [], memberUids: [], memberOf: group % 3 == 0 ? ["cn=root,dc=x"] : [])
        }
        return builder.build()
    }

    @Test func usersWithTheSameDirectGroupsShareOneList() {
        let index = Self.index(groups: 8)
        var memo = GroupListMemo()
        let first = memo.names(reachedFrom: [3, 5], in: index)
        let second = memo.names(reachedFrom: [5, 3, 5], in: index)
        #expect(first == index.names(reachedFrom: [3, 5]))
        #expect(first == ["cn=G3,dc=x", "cn=G5,dc=x", "cn=Root,dc=x"])
        #expect(second == first)
        let shared = first.withUnsafeBufferPointer { a in second.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
        #expect(shared, "the second user's list is the first user's array, not a copy")
        #expect(memo.names(reachedFrom: [4], in: index) == ["cn=G4,dc=x"])
        #expect(memo.names(reachedFrom: [], in: index).isEmpty)
    }

    @Test func listsPastTheCapacityAreStillTheIndexsAnswer() {
        let groups = 100
        let index = Self.index(groups: groups)
        var memo = GroupListMemo()
        var checked = 0
        // More distinct pairs than the memo keeps.
        for first in 0..<groups {
            for second in (first + 1)..<groups {
                #expect(memo.names(reachedFrom: [second, first], in: index) == index.names(reachedFrom: [first, second]))
                checked += 1
            }
        }
        #expect(checked > GroupListMemo.capacity)
    }
}
