/// A user who could not be planned for a target (mapping or vendor schema violation),
/// with enough context for an administrator to fix the directory entry.
public struct Rejection: Hashable, Sendable, Codable {
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
}
