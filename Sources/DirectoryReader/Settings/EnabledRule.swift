/// Decides whether a directory user is enabled. A disabled user is treated by the sync as a
/// leaver, so the rule must say exactly what the directory administrator means.
///
/// Configuration form: `{"rule": "absent", "attribute": "pwdAccountLockedTime"}`,
/// `{"rule": "not_equals", "attribute": "employeeStatus", "value": "inactive"}`,
/// `{"rule": "user_account_control"}`, `{"rule": "always"}`, and
/// `{"rule": "all", "rules": [...]}` where a directory marks leavers in more than one way.
package enum EnabledRule: Sendable, Equatable {
    /// Every user is enabled.
    case always
    /// Active Directory: disabled when bit 0x2 (ACCOUNTDISABLE) of `userAccountControl` is set.
    case userAccountControl
    /// Enabled when the attribute has a value.
    case attributePresent(String)
    /// Enabled when the attribute is absent.
    case attributeAbsent(String)
    /// Enabled when one of the attribute's values equals the value (case-insensitively).
    case attributeEquals(String, String)
    /// Enabled unless one of the attribute's values equals the value (case-insensitively).
    case attributeNotEquals(String, String)
    /// Enabled only when every rule says so: any one of them disables.
    case all([EnabledRule])

    /// The attributes the rule reads, which the reader must request.
    package var attributes: [String] {
        switch self {
        case .always: []
        case .userAccountControl: ["userAccountControl"]
        case .attributePresent(let name), .attributeAbsent(let name),
             .attributeEquals(let name, _), .attributeNotEquals(let name, _): [name]
        case .all(let rules): rules.flatMap(\.attributes)
        }
    }

    /// Whether a user is enabled, given the values of `attributes` (`values(name)`); nil when
    /// `userAccountControl` is missing or not an integer (the entry cannot be read).
    package func isEnabled(_ values: (String) -> [String]) -> Bool? {
        switch self {
        case .always:
            return true
        case .userAccountControl:
            guard let text = values("userAccountControl").first, let flags = Int64(text) else { return nil }
            return flags & 0x2 == 0
        case .attributePresent(let name):
            return !values(name).isEmpty
        case .attributeAbsent(let name):
            return values(name).isEmpty
        case .attributeEquals(let name, let expected):
            return values(name).contains { $0.caseInsensitiveCompare(expected) == .orderedSame }
        case .attributeNotEquals(let name, let excluded):
            return !values(name).contains { $0.caseInsensitiveCompare(excluded) == .orderedSame }
        case .all(let rules):
            var enabled = true
            for rule in rules {
                guard let verdict = rule.isEnabled(values) else { return nil }
                enabled = enabled && verdict
            }
            return enabled
        }
    }
}

extension EnabledRule: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case rule, attribute, value, rules }

    package init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(in: decoder, allowed: CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let rule = try c.decode(String.self, forKey: .rule)
        switch rule {
        case "always": self = .always
        case "user_account_control": self = .userAccountControl
        case "present": self = .attributePresent(try c.decode(String.self, forKey: .attribute))
        case "absent": self = .attributeAbsent(try c.decode(String.self, forKey: .attribute))
        case "equals":
            self = .attributeEquals(try c.decode(String.self, forKey: .attribute), try c.decode(String.self, forKey: .value))
        case "not_equals":
            self = .attributeNotEquals(try c.decode(String.self, forKey: .attribute), try c.decode(String.self, forKey: .value))
        case "all":
            let rules = try c.decode([EnabledRule].self, forKey: .rules)
            guard !rules.isEmpty else {
                throw DecodingError.dataCorruptedError(forKey: .rules, in: c, debugDescription: "rule all needs at least one rule in rules")
            }
            self = .all(rules)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .rule, in: c,
                debugDescription: "unknown enabled rule '\(rule)' (expected always, user_account_control, present, absent, equals, not_equals, all)"
            )
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .always: try c.encode("always", forKey: .rule)
        case .userAccountControl: try c.encode("user_account_control", forKey: .rule)
        case .attributePresent(let a): try c.encode("present", forKey: .rule); try c.encode(a, forKey: .attribute)
        case .attributeAbsent(let a): try c.encode("absent", forKey: .rule); try c.encode(a, forKey: .attribute)
        case .attributeEquals(let a, let v):
            try c.encode("equals", forKey: .rule); try c.encode(a, forKey: .attribute); try c.encode(v, forKey: .value)
        case .attributeNotEquals(let a, let v):
            try c.encode("not_equals", forKey: .rule); try c.encode(a, forKey: .attribute); try c.encode(v, forKey: .value)
        case .all(let rules):
            try c.encode("all", forKey: .rule); try c.encode(rules, forKey: .rules)
        }
    }
}
