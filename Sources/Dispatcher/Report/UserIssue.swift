import DirBridgeCore

/// One user whose action was not applied, with the reason an administrator can act on.
public struct UserIssue: Hashable, Sendable {
    public var anchor: Anchor
    public var dn: String
    /// The planned action; `nil` for a user the plan itself rejected (mapping or schema).
    public var action: ActionKind?
    /// The field concerned, when known.
    public var field: String?
    /// Names the user and, when known, the field (as the connector or mapper wrote it).
    public var message: String

    public init(anchor: Anchor, dn: String, action: ActionKind?, field: String?, message: String) {
        self.anchor = anchor
        self.dn = dn
        self.action = action
        self.field = field
        self.message = message
    }
}
