import Testing
@testable import DirectoryReader

@Suite struct GroupClosureTests {
    @Test func chainReachesEveryAncestor() {
        // 2 ⊂ 1 ⊂ 0
        let closure = GroupClosure(parents: [[], [0], [1]])
        #expect(closure.ancestors == [[0], [0, 1], [0, 1, 2]])
        #expect(closure.expand([2]) == [0, 1, 2])
    }

    @Test func cycleTerminatesAndReachesEveryGroupInIt() {
        // 0 ⊂ 2, 1 ⊂ 0, 2 ⊂ 1, and 3 ⊂ 0
        let closure = GroupClosure(parents: [[2], [0], [1], [0]])
        #expect(closure.ancestors[0] == [0, 1, 2])
        #expect(closure.ancestors[3] == [0, 1, 2, 3])
        #expect(closure.expand([1]) == [0, 1, 2])
    }

    @Test func selfMembershipAndDiamondDoNotDuplicate() {
        // 0 ⊂ 0; 3 ⊂ 1, 3 ⊂ 2, 1 ⊂ 0, 2 ⊂ 0
        let closure = GroupClosure(parents: [[0], [0], [0], [1, 2]])
        #expect(closure.ancestors[0] == [0])
        #expect(closure.ancestors[3] == [0, 1, 2, 3])
        #expect(closure.expand([3, 1, 3]) == [0, 1, 2, 3])
    }

    @Test func unrelatedGroupsStayApartAndBadIndexesAreIgnored() {
        let closure = GroupClosure(parents: [[], [], [7, -1]])
        #expect(closure.expand([0, 1]) == [0, 1])
        #expect(closure.ancestors[2] == [2])
        #expect(closure.expand([5]) == [])
        #expect(GroupClosure(parents: []).expand([0]) == [])
    }
}
