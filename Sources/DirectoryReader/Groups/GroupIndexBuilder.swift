/// Collects groups page by page during the single group read, then resolves nesting into a
/// `GroupIndex`. Pure: it takes DNs and attribute values, not LDAP messages.
struct GroupIndexBuilder {
    let membership: GroupMembershipSource
    /// Group-members mode: the only members worth indexing, when a read converts a few users.
    let wanted: WantedMembers?
    private var names: [String] = []
    private var indexByDN: [String: Int] = [:]
    /// memberOf mode: lowercased DNs of the groups each group is directly in.
    private var parentDNs: [[String]] = []
    /// group-members mode: lowercased member DN → groups listing it.
    private var groupsByMemberDN = MembershipIndex()
    /// group-members mode: memberUid value → posixGroups listing it.
    private var groupsByMemberUid = MembershipIndex()
    /// Active Directory: group SID (text form) → group, for primary groups.
    private var indexBySID: [String: Int] = [:]

    init(membership: GroupMembershipSource, wanted: WantedMembers? = nil) {
        self.membership = membership
        self.wanted = wanted
    }

    /// The members a delta read will ask about: the DN keys of its users and of every group
    /// (nesting is membership too), and its users' uids. Indexing only these spares a delta of
    /// a thousand users the index of a hundred thousand memberships.
    struct WantedMembers {
        var dnKeys: Set<String>
        var uids: Set<String>
    }

    /// Makes room for `count` member DNs.
    mutating func reserveMembers(_ count: Int) {
        groupsByMemberDN.reserveCapacity(count)
    }

    /// Adds one group. `memberDNs` are `member` and `uniqueMember` values, `memberUids` the
    /// posixGroup `memberUid` values, `memberOf` the group's own `memberOf` values, `sid` its
    /// Active Directory `objectSid` in text form.
    mutating func add(dn: String, memberDNs: [String], memberUids: [String], memberOf: [String], sid: String? = nil) {
        let key = DistinguishedName.key(dn)
        guard indexByDN[key] == nil else { return }
        let index = names.count
        names.append(dn)
        indexByDN[key] = index
        if let sid { indexBySID[sid] = index }
        switch membership {
        case .memberOf:
            parentDNs.append(memberOf.map(DistinguishedName.key))
        case .groupMembers:
            for member in memberDNs {
                let key = DistinguishedName.key(DistinguishedName.strippingUniqueIdentifier(member))
                if let wanted, !wanted.dnKeys.contains(key) { continue }
                groupsByMemberDN.add(key, group: index)
            }
            for uid in memberUids {
                if let wanted, !wanted.uids.contains(uid) { continue }
                groupsByMemberUid.add(uid, group: index)
            }
        }
    }

    func build() -> GroupIndex {
        let parents: [[Int]] = switch membership {
        case .memberOf: parentDNs.map { $0.compactMap { indexByDN[$0] } }
        case .groupMembers: names.map { groupsByMemberDN.groups(of: DistinguishedName.key($0)) }
        }
        return GroupIndex(
            names: names, closure: GroupClosure(parents: parents), indexByDN: indexByDN,
            groupsByMemberDN: groupsByMemberDN, groupsByMemberUid: groupsByMemberUid, indexBySID: indexBySID
        )
    }
}

/// Every group that was read, with nesting resolved; answers "which groups is this user in".
struct GroupIndex: Sendable {
    let names: [String]
    let closure: GroupClosure
    let indexByDN: [String: Int]
    let groupsByMemberDN: MembershipIndex
    let groupsByMemberUid: MembershipIndex
    let indexBySID: [String: Int]
    /// For each group, the DNs of itself and every group containing it, sorted: the answer for
    /// the common case of a user with one direct group.
    let sortedAncestorNames: [[String]]

    init(names: [String], closure: GroupClosure, indexByDN: [String: Int],
         groupsByMemberDN: MembershipIndex, groupsByMemberUid: MembershipIndex, indexBySID: [String: Int] = [:]) {
        self.names = names
        self.closure = closure
        self.indexByDN = indexByDN
        self.groupsByMemberDN = groupsByMemberDN
        self.groupsByMemberUid = groupsByMemberUid
        self.indexBySID = indexBySID
        sortedAncestorNames = closure.ancestors.map { $0.map { names[$0] }.sorted() }
    }

    var count: Int { names.count }

    /// The index of the group with this DN, if the group read found it.
    func index(ofGroup dn: String) -> Int? {
        indexByDN[DistinguishedName.key(dn)]
    }

    /// The index of the Active Directory group with this SID, if the group read found it.
    func index(ofGroupSID sid: String) -> Int? {
        indexBySID[sid]
    }

    /// `resolved` (groups found from the user's `memberOf` or primary group) and the groups
    /// listing the user's DN or one of his uids as a member.
    func directGroups(_ resolved: [Int], userDN: String, uids: [String]) -> [Int] {
        var direct = resolved
        if !groupsByMemberDN.isEmpty {
            groupsByMemberDN.appendGroups(of: DistinguishedName.key(userDN), to: &direct)
        }
        for uid in uids {
            groupsByMemberUid.appendGroups(of: uid, to: &direct)
        }
        return direct
    }

    /// DNs of the groups `direct` lists and of every group containing them, sorted.
    func names(reachedFrom direct: [Int]) -> [String] {
        switch direct.count {
        case 0: return []
        case 1: return sortedAncestorNames[direct[0]]
        default: return closure.expand(direct).map { names[$0] }.sorted()
        }
    }
}
