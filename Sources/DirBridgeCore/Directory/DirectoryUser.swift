/// One person as the directory describes them, after reading and group expansion.
///
/// Attribute names are case-insensitive in LDAP; they are stored lowercased so that a mapping
/// written as `{givenName}` finds a value the server returned as `givenname`.
package struct DirectoryUser: Hashable, Sendable, Codable {
    package var anchor: Anchor
    package var dn: String
    package var enabled: Bool
    /// Lowercased attribute name → values in server order. Binary values are base64-encoded.
    package var attributes: [String: [String]]
    /// DNs of every group the user belongs to, nested membership included, sorted.
    package var groups: [String]

    package init(anchor: Anchor, dn: String, enabled: Bool, attributes: [String: [String]], groups: [String]) {
        self.anchor = anchor
        self.dn = dn
        self.enabled = enabled
        self.attributes = Dictionary(attributes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: +)
        self.groups = groups.sorted()
    }

    /// All values of an attribute, looked up case-insensitively; empty when absent.
    package func values(of attribute: String) -> [String] {
        attributes[attribute.lowercased()] ?? []
    }

    /// Whether the user is a member of `groupDN` (directly or through nesting), compared as LDAP
    /// compares DNs for our purposes: case-insensitively.
    package func isMember(of groupDN: String) -> Bool {
        let wanted = groupDN.lowercased()
        return groups.contains { $0.lowercased() == wanted }
    }
}
