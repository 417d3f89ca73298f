/// How one vendor field is produced: a source, then a pipeline of transforms.
///
/// ```yaml
/// Name: { template: "{givenName} {sn}", transforms: [trim, {truncate: 80}] }
/// Access: { source: enabled }
/// ExternalGroupNo: { source: groups, lookup: { "cn=ops,ou=groups,dc=example,dc=org": "OPS" }, default: "STAFF", multiple: first }
/// Roles: { source: groups, lookup: [{match: "cn=ops,…", value: "dc4f…"}], objectKey: Id }
/// Language: { constant: "en" }
/// ```
/// `lookup`/`multiple`/`objectKey` beside the source are shorthand for a first `lookup`
/// transform (whose default is the rule's `default`); without a lookup, `default` is a last
/// `default` transform. A field that ends empty is left out of the payload, or is a mapping
/// error when `required: true`.
package struct FieldRule: Hashable, Sendable {
    package enum Source: Hashable, Sendable {
        /// Text over attributes (first value of each).
        case template(Template)
        /// Every value of one attribute, as a list (use `first` for one).
        case attribute(String)
        /// Whether the directory considers the user active (bool).
        case enabled
        case dn
        case anchor
        /// The DNs of every group the user belongs to (list), usually followed by a lookup.
        case groups
        case constant(FieldValue)
    }

    package var source: Source
    package var transforms: [Transform]
    package var required: Bool

    package init(source: Source, transforms: [Transform] = [], required: Bool = false) {
        self.source = source
        self.transforms = transforms
        self.required = required
    }

    /// The value before transforms.
    func sourceValue(for user: DirectoryUser) -> FieldValue {
        switch source {
        case .template(let template): .string(template.render(user))
        case .attribute(let name): .list(user.allValues(of: name).map(FieldValue.string))
        case .enabled: .bool(user.enabled)
        case .dn: .string(user.dn)
        case .anchor: .string(user.anchor.value)
        case .groups: .list(user.groups.map(FieldValue.string))
        case .constant(let value): value
        }
    }
}
