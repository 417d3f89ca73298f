/// Why one field of one user could not be mapped (a date that does not parse, a required
/// field that rendered empty, a text transform applied to a bool).
public struct MappingError: Error, Hashable, Sendable, CustomStringConvertible {
    public var anchor: Anchor
    public var dn: String
    public var field: String
    public var reason: String

    public init(anchor: Anchor, dn: String, field: String, reason: String) {
        self.anchor = anchor
        self.dn = dn
        self.field = field
        self.reason = reason
    }

    /// The same fact as a plan rejection.
    public var rejection: Rejection {
        Rejection(anchor: anchor, dn: dn, field: field, reason: reason)
    }

    public var description: String { "\(dn) (\(anchor)): field \(field): \(reason)" }
}

/// Every field error of one user; the user is rejected as a whole.
public struct MappingFailure: Error, Hashable, Sendable {
    public var errors: [MappingError]

    public init(errors: [MappingError]) {
        self.errors = errors
    }
}
