import DirBridgeCore

/// Which users a change of the group structure reaches, so that a delta read reads them again
/// (their nested groups may differ) instead of the whole directory. Pure.
///
/// A group changed when its edges differ from the last complete run's, or it appeared or went.
/// Every group nested below a changed one, in the old or the new structure, is reached too; the
/// users reached are their members (by DN or uid, old and new) or, where users carry `memberOf`,
/// the users in any reached group.
enum GroupChangeImpact {
    /// How a delta read finds a reached user.
    enum UserSelector: Hashable, Comparable {
        case dn(String)
        case uid(String)
        case memberOf(String)
    }

    static func changedGroups(current: [String: String], previousDigests: [String: String]) -> [String] {
        let changed = current.filter { previousDigests[$0.key] != $0.value }.map(\.key)
        let removed = previousDigests.keys.filter { current[$0] == nil }
        return (changed + removed).sorted()
    }

    /// - Parameter previousEdges: the last complete run's edges of every changed group it knew.
    static func reachedUsers(
        current: [String: DirectoryGroupState], changed: [String], previousEdges: [String: [String]],
        membership: GroupMembershipSource
    ) -> Set<UserSelector> {
        // Children of each group (groups nested in it), from the new structure and the old edges.
        var children: [String: Set<String>] = [:]
        func addEdges(of group: String, _ edges: [String]) {
            for edge in edges {
                if let member = edge.value(after: "member:"), current[member] != nil || previousEdges[member] != nil {
                    children[group, default: []].insert(member)
                } else if let parent = edge.value(after: "parent:") {
                    children[parent, default: []].insert(group)
                }
            }
        }
        for (group, state) in current { addEdges(of: group, state.edges) }
        for (group, edges) in previousEdges { addEdges(of: group, edges) }

        var reached = Set(changed)
        var queue = changed
        while let group = queue.popLast() {
            for child in children[group] ?? [] where reached.insert(child).inserted {
                queue.append(child)
            }
        }
        var users = Set<UserSelector>()
        for group in reached {
            if membership == .memberOf {
                users.insert(.memberOf(group))
                continue
            }
            for edge in (current[group]?.edges ?? []) + (previousEdges[group] ?? []) {
                if let member = edge.value(after: "member:"), current[member] == nil, previousEdges[member] == nil {
                    users.insert(.dn(member))
                } else if let uid = edge.value(after: "uid:") {
                    users.insert(.uid(uid))
                }
            }
        }
        return users
    }
}

extension String {
    fileprivate func value(after prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}
