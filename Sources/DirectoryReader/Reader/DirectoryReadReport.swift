/// What a complete read noticed beyond the users, for `dirbridge check`.
public struct DirectoryReadReport: Sendable, Equatable {
    /// Where groups were searched.
    public var groupBaseDN: String
    /// Groups named by users' `memberOf` that the group search did not return (outside the
    /// group base or filter): memberships in them, and their nesting, are ignored.
    public var unresolvedMemberOf: [String]

    public init(groupBaseDN: String, unresolvedMemberOf: [String] = []) {
        self.groupBaseDN = groupBaseDN
        self.unresolvedMemberOf = unresolvedMemberOf
    }
}
