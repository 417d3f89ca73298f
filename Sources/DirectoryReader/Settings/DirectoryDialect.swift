/// The kind of directory server, which decides the defaults for anchor, enabled state,
/// filters and group membership.
package enum DirectoryDialect: String, Sendable, Codable, Equatable, CaseIterable {
    case openLDAP = "openldap"
    case activeDirectory = "activedirectory"

    /// Attribute holding a user's immutable identity.
    package var defaultAnchorAttribute: String {
        switch self {
        case .openLDAP: "entryUUID"
        case .activeDirectory: "objectGUID"
        }
    }

    package var defaultUserFilter: String {
        switch self {
        case .openLDAP: "(objectClass=inetOrgPerson)"
        case .activeDirectory: "(&(objectCategory=person)(objectClass=user))"
        }
    }

    package var defaultGroupFilter: String {
        switch self {
        case .openLDAP: "(|(objectClass=groupOfNames)(objectClass=groupOfUniqueNames)(objectClass=posixGroup))"
        case .activeDirectory: "(objectClass=group)"
        }
    }

    package var defaultEnabledRule: EnabledRule {
        switch self {
        case .openLDAP: .attributeAbsent("pwdAccountLockedTime")
        case .activeDirectory: .userAccountControl
        }
    }

    /// Where the server itself refuses a logon after a date: AD's `accountExpires` (an
    /// administrator's or HR's end date; no change is written when it passes). OpenLDAP has no
    /// attribute every server enforces (`shadowExpire` binds only PAM clients that check it).
    package var defaultAccountExpiry: String? {
        switch self {
        case .openLDAP: nil
        case .activeDirectory: "accountExpires"
        }
    }

    /// AD always maintains `memberOf`; OpenLDAP only with the memberof overlay, so reading the
    /// groups' member attributes is the choice that is right on every OpenLDAP server.
    package var defaultMembership: GroupMembershipSource {
        switch self {
        case .openLDAP: .groupMembers
        case .activeDirectory: .memberOf
        }
    }
}
