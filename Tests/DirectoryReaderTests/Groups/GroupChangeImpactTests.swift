import DirBridgeCore
import Testing
@testable import DirectoryReader

/// Which users a group change reaches, on structures written out by hand.
struct GroupChangeImpactTests {
    @Test func aChangedGroupReachesItsOldAndNewMembersAndEveryGroupNestedBelow() {
        // staff ⊃ eng ⊃ platform; eng loses bob and gains cy; sales is untouched.
        let current: [String: DirectoryGroupState] = [
            "cn=staff": groupState(["member:cn=eng"]),
            "cn=eng": groupState(["member:cn=platform", "member:uid=cy"]),
            "cn=platform": groupState(["member:uid=dee", "uid:eve"]),
            "cn=sales": groupState(["member:uid=fay"]),
        ]
        var previous = current.mapValues(\.digest)
        previous["cn=eng"] = groupState(["member:cn=platform", "member:uid=bob"]).digest
        let changed = GroupChangeImpact.changedGroups(current: current.mapValues(\.digest), previousDigests: previous)
        #expect(changed == ["cn=eng"])
        let reached = GroupChangeImpact.reachedUsers(
            current: current, changed: changed, previousEdges: ["cn=eng": ["member:cn=platform", "member:uid=bob"]],
            membership: .groupMembers)
        #expect(reached == [.dn("uid=bob"), .dn("uid=cy"), .dn("uid=dee"), .uid("eve")])
    }

    @Test func aRemovedGroupReachesItsFormerMembers() {
        let current: [String: DirectoryGroupState] = ["cn=staff": groupState(["member:uid=ann"])]
        let previous = ["cn=staff": current["cn=staff"]!.digest, "cn=gone": "d"]
        let changed = GroupChangeImpact.changedGroups(current: current.mapValues(\.digest), previousDigests: previous)
        #expect(changed == ["cn=gone"])
        #expect(GroupChangeImpact.reachedUsers(
            current: current, changed: changed, previousEdges: ["cn=gone": ["member:uid=zed"]], membership: .groupMembers)
            == [.dn("uid=zed")])
    }

    @Test func whereUsersCarryMemberOfANestingChangeReachesTheUsersOfEveryGroupBelow() {
        // platform moves from eng to ops: users in platform (and any group in it) are reached.
        let current: [String: DirectoryGroupState] = [
            "cn=eng": groupState([]), "cn=ops": groupState([]),
            "cn=platform": groupState(["parent:cn=ops"]),
            "cn=sre": groupState(["parent:cn=platform"]),
        ]
        var previous = current.mapValues(\.digest)
        previous["cn=platform"] = groupState(["parent:cn=eng"]).digest
        let changed = GroupChangeImpact.changedGroups(current: current.mapValues(\.digest), previousDigests: previous)
        #expect(GroupChangeImpact.reachedUsers(
            current: current, changed: changed, previousEdges: ["cn=platform": ["parent:cn=eng"]], membership: .memberOf)
            == [.memberOf("cn=platform"), .memberOf("cn=sre")])
    }
}

/// A group state whose digest is its edges written out: equal edges, equal digests.
private func groupState(_ edges: [String]) -> DirectoryGroupState {
    DirectoryGroupState(digest: edges.joined(separator: "|"), edges: edges)
}
