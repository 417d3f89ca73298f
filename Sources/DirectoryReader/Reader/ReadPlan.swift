import DirBridgeCore

/// The settings with every default filled in for the dialect: what exactly will be read.
struct ReadPlan: Sendable {
    let dialect: DirectoryDialect
    let userSearch: SearchRequest
    let groupSearch: SearchRequest
    let membership: GroupMembershipSource
    let anchorAttribute: String
    let enabledRule: EnabledRule
    /// The attribute past whose date a user is disabled; nil when none is read.
    let accountExpiryAttribute: String?
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
        let expiry = settings.accountExpiry ?? dialect.defaultAccountExpiry
        accountExpiryAttribute = expiry?.lowercased() == "none" ? nil : expiry
        reportedAttributes = Set(settings.attributes.map { $0.lowercased() })
        encoding = AttributeValueEncoding(configuredBinary: settings.binaryAttributes)

        var userAttributes = settings.attributes + [anchorAttribute]
        userAttributes += enabledRule.attributes
        if let accountExpiryAttribute { userAttributes.append(accountExpiryAttribute) }
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
    /// (RFC 4533) names deleted entries by entryUUID only, DirSync by objectGUID: that must be
    /// the anchor.
    var deltaUnavailableReason: String? {
        let needed = dialect == .activeDirectory ? "objectGUID" : "entryUUID"
        if anchorAttribute.lowercased() != needed.lowercased() { return "the anchor is \(anchorAttribute); delta reads need \(needed)" }
        return nil
    }

    /// How this directory reports changes, as an administrator would look it up.
    var changeTracking: String {
        dialect == .activeDirectory
            ? "DirSync (the account needs the \"Replicating Directory Changes\" right)"
            : "content synchronisation (RFC 4533; slapd's syncprov overlay)"
    }

    /// The DirSync search that tells which users changed. DirSync reads whole partitions only, so
    /// it starts at the domain's root; it asks for every user object whatever the user filter
    /// says, because a tombstone has lost `objectCategory` and most else, and a user who stopped
    /// matching the filter is a leaver to be found; and for every group, whose `member` changes
    /// are the membership changes (see `DirSyncValues.flags`). Only a change of a requested
    /// attribute is reported: it asks for what the read and the filter use, plus `name`, which
    /// changes on a rename or move, and `isDeleted`, which marks tombstones.
    var dirSyncSearch: SearchRequest {
        SearchRequest(
            baseDN: Self.domainRoot(of: userSearch.baseDN), scope: .subtree, filter: "(|(objectClass=user)(objectClass=group))",
            attributes: Self.deduplicated(
                userSearch.attributes + LDAPFilter.attributes(in: userSearch.filter) + ["member", "name", "isDeleted", "objectGUID"]),
            pageSize: nil)
    }

    /// A filter matching the user with `anchor`: AD's objectGUID is matched as its 16 bytes.
    func anchorFilter(_ anchor: Anchor) -> String {
        if dialect == .activeDirectory, let bytes = ObjectGUID.bytes(anchor.value) {
            return "(\(anchorAttribute)=\(bytes.map { "\\" + ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()))"
        }
        return LDAPFilter.equals(anchorAttribute, anchor.value)
    }

    /// A filter matching the entry named `dn`: OpenLDAP offers `entryDN`, AD `distinguishedName`.
    func dnFilter(_ dn: String) -> String {
        LDAPFilter.equals(dialect == .activeDirectory ? "distinguishedName" : "entryDN", dn)
    }

    /// The `DC=` components that end `dn`: the root of an AD domain partition.
    static func domainRoot(of dn: String) -> String {
        let characters = Array(dn)
        for index in characters.indices {
            let startsComponent = index == 0 || (characters[index - 1] == "," && (index < 2 || characters[index - 2] != "\\"))
            if startsComponent, String(characters[index...].prefix(3)).lowercased() == "dc=" {
                return String(characters[index...])
            }
        }
        return dn
    }

    private static func deduplicated(_ names: [String]) -> [String] {
        var seen = Set<String>()
        return names.filter { seen.insert($0.lowercased()).inserted }
    }
}
