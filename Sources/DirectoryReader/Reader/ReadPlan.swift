/// The settings with every default filled in for the dialect: what exactly will be read.
struct ReadPlan: Sendable {
    let dialect: DirectoryDialect
    let userSearch: SearchRequest
    let groupSearch: SearchRequest
    let membership: GroupMembershipSource
    let anchorAttribute: String
    let enabledRule: EnabledRule
    /// Lowercased names of the attributes reported in `DirectoryUser.attributes`.
    let reportedAttributes: Set<String>
    let encoding: AttributeValueEncoding

    /// - Parameter groupBaseDN: where groups are searched: the configured `group_base_dn`, else the
    ///   naming context that holds `base_dn` (groups rarely live under the people OU).
    init(settings: DirectorySourceSettings, dialect: DirectoryDialect, groupBaseDN: String? = nil) {
        self.dialect = dialect
        membership = settings.membership ?? dialect.defaultMembership
        anchorAttribute = settings.anchorAttribute ?? dialect.defaultAnchorAttribute
        enabledRule = settings.enabledRule ?? dialect.defaultEnabledRule
        reportedAttributes = Set(settings.attributes.map { $0.lowercased() })
        encoding = AttributeValueEncoding(configuredBinary: settings.binaryAttributes)

        var userAttributes = settings.attributes + [anchorAttribute]
        if let attribute = enabledRule.attribute { userAttributes.append(attribute) }
        var groupAttributes: [String]
        switch membership {
        case .memberOf:
            userAttributes.append("memberOf")
            groupAttributes = ["memberOf"]
        case .groupMembers:
            userAttributes.append("uid")
            // AD returns at most MaxValRange (1500) members unless asked for ranges, and Samba
            // silently returns all of them unless asked: ask for ranges so both are read whole.
            groupAttributes = dialect == .activeDirectory ? ["member;range=0-*"] : ["member", "uniqueMember", "memberUid"]
        }
        if dialect == .activeDirectory {
            // The primary group is in neither memberOf nor member (see SecurityIdentifier).
            userAttributes += ["objectSid", "primaryGroupID"]
            groupAttributes.append("objectSid")
        }
        userSearch = SearchRequest(
            baseDN: settings.baseDN, scope: settings.scope,
            filter: settings.userFilter ?? dialect.defaultUserFilter,
            attributes: Self.deduplicated(userAttributes), pageSize: settings.pageSize
        )
        groupSearch = SearchRequest(
            baseDN: settings.groupBaseDN ?? groupBaseDN ?? settings.baseDN, scope: .subtree,
            filter: settings.groupFilter ?? dialect.defaultGroupFilter,
            attributes: groupAttributes, pageSize: settings.pageSize
        )
    }

    /// Why this directory cannot be read as a delta, nil when it can. Content synchronisation
    /// (RFC 4533) names deleted entries by entryUUID only, so that must be the anchor; Active
    /// Directory offers DirSync instead, which dirbridge does not speak yet.
    var deltaUnavailableReason: String? {
        if dialect == .activeDirectory { return "Active Directory offers DirSync, not RFC 4533 content synchronisation" }
        if anchorAttribute.lowercased() != "entryuuid" { return "the anchor is \(anchorAttribute); delta reads need entryUUID" }
        return nil
    }

    private static func deduplicated(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}
