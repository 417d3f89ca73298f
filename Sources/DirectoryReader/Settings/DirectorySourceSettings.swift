import DirBridgeCore

/// Everything the reader needs to know about one directory: where it is, how to authenticate,
/// which users and groups to read and how to interpret them.
///
/// Decoded from the `source` section of the configuration file (snake_case keys); an unknown
/// key is an error, so a typo never falls back to a default. Secrets are never held here: only a
/// reference (`password_env` / `password_file`) resolved at connect time.
package struct DirectorySourceSettings: Sendable, Equatable, Codable {
    /// `ldap://host:port` or `ldaps://host:port`.
    package var url: String
    /// DN to bind as; `nil` binds anonymously.
    package var bindDN: String?
    /// Where the bind password comes from; required when `bindDN` is set.
    package var password: SecretReference?
    /// Base DN of the user search.
    package var baseDN: String
    package var scope: SearchScope
    /// User search filter; `nil` uses the dialect's default.
    package var userFilter: String?
    /// Base DN of the group read; `nil` uses `baseDN`.
    package var groupBaseDN: String?
    /// Group search filter; `nil` uses the dialect's default.
    package var groupFilter: String?
    /// `referrals: ignore` reads what the server holds and skips search continuation references.
    /// By default (`fail`) one under the base fails the read: the users behind it would otherwise
    /// look like leavers. Active Directory's own system partitions (DomainDnsZones,
    /// ForestDnsZones, Configuration), which hold no users, are skipped either way.
    package var ignoresReferrals: Bool = false
    /// How group membership is found; `nil` uses the dialect's default.
    package var membership: GroupMembershipSource?
    /// User attributes to return in `DirectoryUser.attributes`.
    package var attributes: [String]
    /// Attributes whose values are always base64-encoded (in addition to well-known binary ones).
    package var binaryAttributes: [String]
    /// `nil` detects the dialect from the root DSE.
    package var dialect: DirectoryDialect?
    /// Attribute holding the stable identity; `nil` uses the dialect's default.
    package var anchorAttribute: String?
    /// When a user counts as enabled; `nil` uses the dialect's default.
    package var enabledRule: EnabledRule?
    /// `account_expiry`: the attribute holding when an account expires (AD FILETIME or LDAP
    /// GeneralizedTime); a user past it is disabled whatever `enabled` says. `nil` uses the
    /// dialect's default, `none` reads no expiry.
    package var accountExpiry: String?
    /// Entries per page of the paged-results control (RFC 2696).
    package var pageSize: Int
    package var tls: TLSSettings
    package var timeouts: TimeoutSettings
    /// `allow_insecure_bind`: the administrator accepts a bind whose password crosses the network
    /// in clear text (see ``sendsBindPasswordInClearText``). The reader does not consult it; the
    /// configuration loader refuses such a source without it.
    package var allowInsecureBind: Bool
    /// `delta_reads`: scheduled syncs read only what changed since the last complete run, where
    /// the server tracks changes (RFC 4533 content synchronisation; AD's DirSync). On by default.
    package var deltaReads: Bool
    /// `full_read_every`: the longest time between two whole reads even when deltas work, so
    /// that anything a delta could miss is corrected within it (a duration such as `24h`).
    package var fullReadEvery: String

    /// A simple bind over a connection without TLS: `ldap://` without StartTLS, with a bind DN.
    package var sendsBindPasswordInClearText: Bool {
        bindDN != nil && !url.lowercased().hasPrefix("ldaps://") && !tls.startTLS
    }

    package init(
        url: String,
        bindDN: String? = nil,
        password: SecretReference? = nil,
        baseDN: String,
        scope: SearchScope = .subtree,
        userFilter: String? = nil,
        groupBaseDN: String? = nil,
        groupFilter: String? = nil,
        membership: GroupMembershipSource? = nil,
        attributes: [String] = [],
        binaryAttributes: [String] = [],
        dialect: DirectoryDialect? = nil,
        anchorAttribute: String? = nil,
        enabledRule: EnabledRule? = nil,
        accountExpiry: String? = nil,
        pageSize: Int = 500,
        tls: TLSSettings = TLSSettings(),
        timeouts: TimeoutSettings = TimeoutSettings(),
        allowInsecureBind: Bool = false,
        deltaReads: Bool = true,
        fullReadEvery: String = "24h"
    ) {
        self.url = url
        self.bindDN = bindDN
        self.password = password
        self.baseDN = baseDN
        self.scope = scope
        self.userFilter = userFilter
        self.groupBaseDN = groupBaseDN
        self.groupFilter = groupFilter
        self.membership = membership
        self.attributes = attributes
        self.binaryAttributes = binaryAttributes
        self.dialect = dialect
        self.anchorAttribute = anchorAttribute
        self.enabledRule = enabledRule
        self.accountExpiry = accountExpiry
        self.pageSize = pageSize
        self.tls = tls
        self.timeouts = timeouts
        self.allowInsecureBind = allowInsecureBind
        self.deltaReads = deltaReads
        self.fullReadEvery = fullReadEvery
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case url
        case bindDN = "bind_dn"
        case passwordEnv = "password_env"
        case passwordFile = "password_file"
        case baseDN = "base_dn"
        case scope
        case userFilter = "user_filter"
        case groupBaseDN = "group_base_dn"
        case groupFilter = "group_filter"
        case referrals
        case membership
        case attributes
        case binaryAttributes = "binary_attributes"
        case dialect
        case anchorAttribute = "anchor_attribute"
        case enabledRule = "enabled"
        case accountExpiry = "account_expiry"
        case pageSize = "page_size"
        case tls
        case timeouts
        case allowInsecureBind = "allow_insecure_bind"
        case deltaReads = "delta_reads"
        case fullReadEvery = "full_read_every"
    }

    package init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        url = try c.decode(String.self, forKey: .url)
        bindDN = try c.decodeIfPresent(String.self, forKey: .bindDN)
        let passwordEnv = try c.decodeIfPresent(String.self, forKey: .passwordEnv)
        let passwordFile = try c.decodeIfPresent(String.self, forKey: .passwordFile)
        switch (passwordEnv, passwordFile) {
        case (nil, nil): password = nil
        case (let name?, nil): password = .environment(name)
        case (nil, let path?): password = .file(path)
        case (.some, .some):
            throw DecodingError.dataCorruptedError(
                forKey: .passwordFile, in: c,
                debugDescription: "set either password_env or password_file, not both"
            )
        }
        baseDN = try c.decode(String.self, forKey: .baseDN)
        scope = try c.decodeIfPresent(SearchScope.self, forKey: .scope) ?? .subtree
        userFilter = try c.decodeIfPresent(String.self, forKey: .userFilter)
        groupBaseDN = try c.decodeIfPresent(String.self, forKey: .groupBaseDN)
        groupFilter = try c.decodeIfPresent(String.self, forKey: .groupFilter)
        switch try c.decodeIfPresent(String.self, forKey: .referrals) ?? "fail" {
        case "fail": ignoresReferrals = false
        case "ignore": ignoresReferrals = true
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .referrals, in: c, debugDescription: "referrals must be fail or ignore, not '\(other)'")
        }
        membership = try c.decodeIfPresent(GroupMembershipSource.self, forKey: .membership)
        attributes = try c.decodeIfPresent([String].self, forKey: .attributes) ?? []
        binaryAttributes = try c.decodeIfPresent([String].self, forKey: .binaryAttributes) ?? []
        dialect = try c.decodeIfPresent(DirectoryDialect.self, forKey: .dialect)
        anchorAttribute = try c.decodeIfPresent(String.self, forKey: .anchorAttribute)
        enabledRule = try c.decodeIfPresent(EnabledRule.self, forKey: .enabledRule)
        accountExpiry = try c.decodeIfPresent(String.self, forKey: .accountExpiry)
        if accountExpiry?.isEmpty == true {
            throw DecodingError.dataCorruptedError(
                forKey: .accountExpiry, in: c, debugDescription: "account_expiry names an attribute, or is none to read no expiry")
        }
        // Read as a number first so that `1e300`, `.inf` or `2.5` are refused with the range
        // instead of a bare type error.
        let pageSize = try c.decodeIfPresent(Double.self, forKey: .pageSize) ?? 500
        guard let wholePages = Int(exactly: pageSize), (1...100_000).contains(wholePages) else {
            throw DecodingError.dataCorruptedError(
                forKey: .pageSize, in: c, debugDescription: "page_size must be a whole number from 1 to 100000, got \(pageSize)"
            )
        }
        self.pageSize = wholePages
        tls = try c.decodeIfPresent(TLSSettings.self, forKey: .tls) ?? TLSSettings()
        timeouts = try c.decodeIfPresent(TimeoutSettings.self, forKey: .timeouts) ?? TimeoutSettings()
        allowInsecureBind = try c.decodeIfPresent(Bool.self, forKey: .allowInsecureBind) ?? false
        deltaReads = try c.decodeIfPresent(Bool.self, forKey: .deltaReads) ?? true
        fullReadEvery = try c.decodeIfPresent(String.self, forKey: .fullReadEvery) ?? "24h"
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(url, forKey: .url)
        try c.encodeIfPresent(bindDN, forKey: .bindDN)
        switch password {
        case .environment(let name)?: try c.encode(name, forKey: .passwordEnv)
        case .file(let path)?: try c.encode(path, forKey: .passwordFile)
        case nil: break
        }
        try c.encode(baseDN, forKey: .baseDN)
        try c.encode(scope, forKey: .scope)
        try c.encodeIfPresent(userFilter, forKey: .userFilter)
        try c.encodeIfPresent(groupBaseDN, forKey: .groupBaseDN)
        try c.encodeIfPresent(groupFilter, forKey: .groupFilter)
        if ignoresReferrals { try c.encode("ignore", forKey: .referrals) }
        try c.encodeIfPresent(membership, forKey: .membership)
        try c.encode(attributes, forKey: .attributes)
        try c.encode(binaryAttributes, forKey: .binaryAttributes)
        try c.encodeIfPresent(dialect, forKey: .dialect)
        try c.encodeIfPresent(anchorAttribute, forKey: .anchorAttribute)
        try c.encodeIfPresent(enabledRule, forKey: .enabledRule)
        try c.encodeIfPresent(accountExpiry, forKey: .accountExpiry)
        try c.encode(pageSize, forKey: .pageSize)
        try c.encode(tls, forKey: .tls)
        try c.encode(timeouts, forKey: .timeouts)
        try c.encode(allowInsecureBind, forKey: .allowInsecureBind)
        try c.encode(deltaReads, forKey: .deltaReads)
        try c.encode(fullReadEvery, forKey: .fullReadEvery)
    }
}
