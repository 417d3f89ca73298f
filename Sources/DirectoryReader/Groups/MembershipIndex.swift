/// Which groups list each member (a DN key or a uid). Nearly every member is in one group, so
/// that group is held inline and only members of several get a list: a full read indexes every
/// membership of the directory, and an array per member was a hundred thousand allocations.
struct MembershipIndex: Sendable {
    /// A group index, or `-1 - i` for `shared[i]`.
    private var groupsByMember: [String: Int32] = [:]
    private var shared: [[Int]] = []

    var isEmpty: Bool { groupsByMember.isEmpty }

    mutating func add(_ member: String, group: Int) {
        let entry = groupsByMember[member]
        switch entry {
        case nil:
            groupsByMember[member] = Int32(group)
        case let single? where single >= 0:
            groupsByMember[member] = -1 - Int32(shared.count)
            shared.append([Int(single), group])
        case let list?:
            shared[Int(-1 - list)].append(group)
        }
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
