/// How one mapping field is computed from a directory user, resolved once when the mapping is
/// built. A final class of constants: the per-user loops hold one reference per field, instead
/// of copying rules whose templates and lookup tables each carry several counted references.
final class FieldEvaluator: Sendable {
    let name: String
    let rule: FieldRule
    /// Set for a `groups` source whose first transform is a lookup table: the group DNs are
    /// resolved directly, instead of being wrapped in field values only to be unwrapped again.
    private let groupLookup: ValueLookup?
    /// The transforms left to apply after the source (and the group lookup, if any).
    private let transforms: [Transform]

    init(name: String, rule: FieldRule) {
        self.name = name
        self.rule = rule
        if case .groups = rule.source, case .lookup(let table)? = rule.transforms.first {
            groupLookup = table
            transforms = Array(rule.transforms.dropFirst())
        } else {
            groupLookup = nil
            transforms = rule.transforms
        }
    }

    /// The value for `user`, nil when it ends empty (left out), or the error.
    func evaluate(for user: DirectoryUser) -> Result<FieldValue?, MappingError> {
        var value = groupLookup?.resolve(user.groups) ?? rule.sourceValue(for: user)
        do {
            for transform in transforms {
                value = try transform.apply(to: value)
            }
        } catch {
            return .failure(MappingError(anchor: user.anchor, dn: user.dn, field: name, reason: error.reason))
        }
        guard value.isEmpty else { return .success(value) }
        guard rule.required else { return .success(nil) }
        return .failure(MappingError(anchor: user.anchor, dn: user.dn, field: name, reason: emptyReason(user)))
    }

    private func emptyReason(_ user: DirectoryUser) -> String {
        if case .template(let template) = rule.source {
            let missing = template.attributes.filter { (user.firstValue(of: $0) ?? "").isEmpty }
            if !missing.isEmpty {
                return "required field is empty: attribute \(missing.joined(separator: ", ")) missing in the directory"
            }
        }
        return "required field is empty"
    }
}
