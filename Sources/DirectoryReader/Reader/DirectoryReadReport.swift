/// What a complete read noticed beyond the users, for `dirbridge check`.
package struct DirectoryReadReport: Sendable, Equatable {
    /// Where groups were searched.
    package var groupBaseDN: String
    /// Groups named by users' `memberOf` that the group search did not return (outside the
    /// group base or filter): memberships in them, and their nesting, are ignored.
    package var unresolvedMemberOf: [String]

    package init(groupBaseDN: String, unresolvedMemberOf: [String] = []) {
        self.groupBaseDN = groupBaseDN
        self.unresolvedMemberOf = unresolvedMemberOf
    }
}
