/// Why one field of one user could not be mapped (a date that does not parse, a required
/// field that rendered empty, a text transform applied to a bool).
package struct MappingError: Error, Hashable, Sendable, CustomStringConvertible {
    package var anchor: Anchor
    package var dn: String
    package var field: String
    package var reason: String

    package init(anchor: Anchor, dn: String, field: String, reason: String) {
        self.anchor = anchor
        self.dn = dn
        self.field = field
        self.reason = reason
    }

    /// The same fact as a plan rejection.
    package var rejection: Rejection {
        Rejection(anchor: anchor, dn: dn, field: field, reason: reason)
    }

    package var description: String { "\(dn) (\(anchor)): field \(field): \(reason)" }
}

/// Every field error of one user; the user is rejected as a whole.
package struct MappingFailure: Error, Hashable, Sendable {
    package var errors: [MappingError]

    package init(errors: [MappingError]) {
        self.errors = errors
    }
}
