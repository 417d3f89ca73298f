/// Everything the reader needs to know about one directory: where it is, how to authenticate,
/// which users and groups to read and how to interpret them.
///
/// Decoded from the `source` section of the configuration file (snake_case keys). Secrets are
/// never held here: only a reference (`password_env` / `password_file`) resolved at connect time.
public struct DirectorySourceSettings: Sendable, Equatable, Codable {
    /// `ldap://host:port` or `ldaps://host:port`.
    public var url: String
    /// DN to bind as; `nil` binds anonymously.
    public var bindDN: String?
    /// Where the bind password comes from; required when `bindDN` is set.
    public var password: PasswordReference?
    /// Base DN of the user search.
    public var baseDN: String
    public var scope: SearchScope
    /// User search filter; `nil` uses the dialect's default.
    public var userFilter: String?
    /// Base DN of the group read; `nil` uses `baseDN`.
    public var groupBaseDN: String?
    /// Group search filter; `nil` uses the dialect's default.
    public var groupFilter: String?
    /// How group membership is found; `nil` uses the dialect's default.
    public var membership: GroupMembershipSource?
    /// User attributes to return in `DirectoryUser.attributes`.
    public var attributes: [String]
    /// Attributes whose values are always base64-encoded (in addition to well-known binary ones).
    public var binaryAttributes: [String]
    /// `nil` detects the dialect from the root DSE.
    public var dialect: DirectoryDialect?
    /// Attribute holding the stable identity; `nil` uses the dialect's default.
    public var anchorAttribute: String?
    /// When a user counts as enabled; `nil` uses the dialect's default.
    public var enabledRule: EnabledRule?
    /// Entries per page of the paged-results control (RFC 2696).
    public var pageSize: Int
    public var tls: TLSSettings
    public var timeouts: TimeoutSettings

    public init(
        url: String,
        bindDN: String? = nil,
        password: PasswordReference? = nil,
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
        pageSize: Int = 500,
        tls: TLSSettings = TLSSettings(),
        timeouts: TimeoutSettings = TimeoutSettings()
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
        self.pageSize = pageSize
        self.tls = tls
        self.timeouts = timeouts
    }

    enum CodingKeys: String, CodingKey {
        case url
        case bindDN = "bind_dn"
        case passwordEnv = "password_env"
        case passwordFile = "password_file"
        case baseDN = "base_dn"
        case scope
        case userFilter = "user_filter"
        case groupBaseDN = "group_base_dn"
        case groupFilter = "group_filter"
        case membership
        case attributes
        case binaryAttributes = "binary_attributes"
        case dialect
        case anchorAttribute = "anchor_attribute"
        case enabledRule = "enabled"
        case pageSize = "page_size"
        case tls
        case timeouts
    }

    public init(from decoder: any Decoder) throws {
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
        membership = try c.decodeIfPresent(GroupMembershipSource.self, forKey: .membership)
        attributes = try c.decodeIfPresent([String].self, forKey: .attributes) ?? []
        binaryAttributes = try c.decodeIfPresent([String].self, forKey: .binaryAttributes) ?? []
        dialect = try c.decodeIfPresent(DirectoryDialect.self, forKey: .dialect)
        anchorAttribute = try c.decodeIfPresent(String.self, forKey: .anchorAttribute)
        enabledRule = try c.decodeIfPresent(EnabledRule.self, forKey: .enabledRule)
        pageSize = try c.decodeIfPresent(Int.self, forKey: .pageSize) ?? 500
        guard (1...100_000).contains(pageSize) else {
            throw DecodingError.dataCorruptedError(
                forKey: .pageSize, in: c, debugDescription: "page_size must be between 1 and 100000, got \(pageSize)"
            )
        }
        tls = try c.decodeIfPresent(TLSSettings.self, forKey: .tls) ?? TLSSettings()
        timeouts = try c.decodeIfPresent(TimeoutSettings.self, forKey: .timeouts) ?? TimeoutSettings()
    }

    public func encode(to encoder: any Encoder) throws {
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
        try c.encodeIfPresent(membership, forKey: .membership)
        try c.encode(attributes, forKey: .attributes)
        try c.encode(binaryAttributes, forKey: .binaryAttributes)
        try c.encodeIfPresent(dialect, forKey: .dialect)
        try c.encodeIfPresent(anchorAttribute, forKey: .anchorAttribute)
        try c.encodeIfPresent(enabledRule, forKey: .enabledRule)
        try c.encode(pageSize, forKey: .pageSize)
        try c.encode(tls, forKey: .tls)
        try c.encode(timeouts, forKey: .timeouts)
    }
}
