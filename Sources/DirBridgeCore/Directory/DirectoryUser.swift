/// One person as the directory describes them, after reading and group expansion.
///
/// Attribute names are case-insensitive in LDAP; they are stored lowercased so that a mapping
/// written as `{givenName}` finds a value the server returned as `givenname`.
package struct DirectoryUser: Hashable, Sendable {
    package var anchor: Anchor
    package var dn: String
    package var enabled: Bool
    /// The attributes, held compactly; the hot paths read them through `firstValue(of:)` and
    /// `allValues(of:)`.
    package var attributeValues: DirectoryAttributes
    /// DNs of every group the user belongs to, nested membership included, sorted.
    package var groups: [String]

    package init(anchor: Anchor, dn: String, enabled: Bool, attributes: [String: [String]], groups: [String]) {
        self.anchor = anchor
        self.dn = dn
        self.enabled = enabled
        attributeValues = DirectoryAttributes(
            lowercased: Dictionary(attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: +))
        self.groups = groups.sorted()
    }

    /// Lowercased attribute name → values in server order. Binary values are base64-encoded.
    /// Built on each use: for callers off the hot path.
    package var attributes: [String: [String]] {
        get { attributeValues.dictionary }
        set { attributeValues = DirectoryAttributes(lowercased: newValue) }
    }

    /// All values of an attribute, looked up case-insensitively; empty when absent.
    package func values(of attribute: String) -> [String] {
        Array(attributeValues.values(of: attribute.lowercased()))
    }

    /// The first value of an attribute named in lowercase, if any.
    package func firstValue(of lowercasedName: String) -> String? {
        attributeValues.first(of: lowercasedName)
    }

    /// Every value of an attribute named in lowercase; empty when absent.
    package func allValues(of lowercasedName: String) -> ArraySlice<String> {
        attributeValues.values(of: lowercasedName)
    }

    /// Whether the user is a member of `groupDN` (directly or through nesting), compared as LDAP
    /// compares DNs for our purposes: case-insensitively.
    package func isMember(of groupDN: String) -> Bool {
        let wanted = groupDN.lowercased()
        return groups.contains { $0.lowercased() == wanted }
    }
}

extension DirectoryUser: Codable {
    private enum CodingKeys: String, CodingKey {
        case anchor, dn, enabled, attributes, groups
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        anchor = try container.decode(Anchor.self, forKey: .anchor)
        dn = try container.decode(String.self, forKey: .dn)
        enabled = try container.decode(Bool.self, forKey: .enabled)
        attributeValues = DirectoryAttributes(lowercased: try container.decode([String: [String]].self, forKey: .attributes))
        groups = try container.decode([String].self, forKey: .groups)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(anchor, forKey: .anchor)
        try container.encode(dn, forKey: .dn)
        try container.encode(enabled, forKey: .enabled)
        try container.encode(attributes, forKey: .attributes)
        try container.encode(groups, forKey: .groups)
    }
}
