/// Decides whether a directory user is enabled. A disabled user is treated by the sync as a
/// leaver, so the rule must say exactly what the directory administrator means.
///
/// Configuration form: `{"rule": "absent", "attribute": "pwdAccountLockedTime"}`,
/// `{"rule": "not_equals", "attribute": "employeeStatus", "value": "inactive"}`,
/// `{"rule": "user_account_control"}`, `{"rule": "always"}`.
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

    /// The attribute the rule reads, which the reader must request.
    package var attribute: String? {
        switch self {
        case .always: nil
        case .userAccountControl: "userAccountControl"
        case .attributePresent(let name), .attributeAbsent(let name),
             .attributeEquals(let name, _), .attributeNotEquals(let name, _): name
        }
    }
}

extension EnabledRule: Codable {
    enum CodingKeys: String, CodingKey, CaseIterable { case rule, attribute, value }

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
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .rule, in: c,
                debugDescription: "unknown enabled rule '\(rule)' (expected always, user_account_control, present, absent, equals, not_equals)"
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
        }
    }
}
