/// Which groups list each member (a DN key or a uid). Nearly every member is in one group, so
/// that group is held inline and only members of several get a list: a full read indexes every
/// membership of the directory, and an array per member was a hundred thousand allocations.
struct MembershipIndex: Sendable {
    /// A group index, or `-1 - i` for `shared[i]`.
    private var groupsByMember: [String: Int32] = [:]
    private var shared: [[Int]] = []

    var isEmpty: Bool { groupsByMember.isEmpty }

    mutating func reserveCapacity(_ members: Int) {
        groupsByMember.reserveCapacity(members)
    }

    mutating func add(_ member: String, group: Int) {
        // One hash of the member per membership, in place (a full read indexes every membership
        // of the directory before its first user): looking up, then storing, hashed it twice.
        let listed = Self.list(Int32(group), in: &groupsByMember[member, default: Self.unlisted], nextShared: Int32(shared.count))
        switch listed {
        case .first: break
        case .second(let single): shared.append([Int(single), group])
        case .further(let index): shared[index].append(group)
        }
    }

    private static let unlisted = Int32.min

    private enum Listing {
        case first
        /// The member's one group so far; the slot now points at a new shared list.
        case second(Int32)
        case further(Int)
    }

    private static func list(_ group: Int32, in slot: inout Int32, nextShared: Int32) -> Listing {
        if slot == unlisted {
            slot = group
            return .first
        }
        if slot >= 0 {
            defer { slot = -1 - nextShared }
            return .second(slot)
        }
        return .further(Int(-1 - slot))
    }

    /// Appends the groups listing `member` to `groups`.
    func appendGroups(of member: String, to groups: inout [Int]) {
        guard let entry = groupsByMember[member] else { return }
        if entry >= 0 {
            groups.append(Int(entry))
        } else {
            groups.append(contentsOf: shared[Int(-1 - entry)])
        }
    }

    /// The groups listing `member`.
    func groups(of member: String) -> [Int] {
        var groups: [Int] = []
        appendGroups(of: member, to: &groups)
        return groups
    }
}
