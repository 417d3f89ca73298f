/// Where a user's direct group memberships come from. Nesting is always resolved client-side
/// from one paged read of the groups, so both sources give the full transitive set.
package enum GroupMembershipSource: String, Sendable, Codable, Equatable {
    /// The user's `memberOf` (AD, or OpenLDAP with the memberof overlay); nesting from the
    /// groups' own `memberOf`.
    case memberOf = "member_of"
    /// The groups' `member` / `uniqueMember` (DNs) and `memberUid` (posixGroup, matched
    /// against the user's `uid`).
    case groupMembers = "group_members"
}
