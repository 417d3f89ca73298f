/// Applies a `Mapping` to directory users. Pure: same user and mapping, same payload.
public struct Mapper: Sendable {
    public let mapping: Mapping

    public init(mapping: Mapping) {
        self.mapping = mapping
    }

    /// One user's target payload, or every field error at once (so an administrator fixes the
    /// entry in one go). Empty fields are omitted; an empty `required` field is an error.
    public func map(_ user: DirectoryUser) -> Result<TargetUser, MappingFailure> {
        var fields: [String: FieldValue] = [:]
        fields.reserveCapacity(mapping.orderedFields.count)
        var errors: [MappingError] = []
        for (name, rule) in mapping.orderedFields {
            var value = rule.sourceValue(for: user)
            do {
                for transform in rule.transforms {
                    value = try transform.apply(to: value)
                }
            } catch {
                errors.append(MappingError(anchor: user.anchor, dn: user.dn, field: name, reason: error.reason))
                continue
            }
            if value.isEmpty {
                if rule.required {
                    errors.append(MappingError(anchor: user.anchor, dn: user.dn, field: name, reason: Self.emptyReason(rule, user)))
                }
                continue
            }
            fields[name] = value
        }
        guard errors.isEmpty else { return .failure(MappingFailure(errors: errors)) }
        return .success(TargetUser(anchor: user.anchor, dn: user.dn, enabled: user.enabled, payload: TargetPayload(fields)))
    }

    /// Maps and validates a whole directory for one target: accepted users for the diff,
    /// and one rejection per failing field of every refused user.
    ///
    /// Only enabled users can be rejected. A disabled user's new payload is never sent (a
    /// disable re-sends the stored one), and leavers often have attributes stripped: rejecting
    /// them would keep their vendor accounts active. They pass with whatever mapped, possibly
    /// an empty payload.
    public func prepare(_ users: [DirectoryUser], schema: VendorSchema) -> PreparedUsers {
        var prepared = PreparedUsers(accepted: [], rejections: [])
        prepared.accepted.reserveCapacity(users.count)
        for user in users {
            switch map(user) {
            case .success(let target):
                let rejections = user.enabled ? SchemaValidator.validate(target, against: schema) : []
                if rejections.isEmpty {
                    prepared.accepted.append(target)
                } else {
                    prepared.rejections += rejections
                }
            case .failure(let failure):
                if user.enabled {
                    prepared.rejections += failure.errors.map(\.rejection)
                } else {
                    prepared.accepted.append(TargetUser(anchor: user.anchor, dn: user.dn, enabled: false, payload: TargetPayload()))
                }
            }
        }
        return prepared
    }

    private static func emptyReason(_ rule: FieldRule, _ user: DirectoryUser) -> String {
        if case .template(let template) = rule.source {
            let missing = template.attributes.filter { (user.attributes[$0]?.first ?? "").isEmpty }
            if !missing.isEmpty {
                return "required field is empty: attribute \(missing.joined(separator: ", ")) missing in the directory"
            }
        }
        return "required field is empty"
    }
}

/// The outcome of mapping + schema validation for one target.
public struct PreparedUsers: Hashable, Sendable {
    public var accepted: [TargetUser]
    public var rejections: [Rejection]

    public init(accepted: [TargetUser], rejections: [Rejection]) {
        self.accepted = accepted
        self.rejections = rejections
    }
}
