/// A user who could not be planned for a target (mapping or vendor schema violation),
/// with enough context for an administrator to fix the directory entry.
package struct Rejection: Hashable, Sendable, Codable {
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
}
