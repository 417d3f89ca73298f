import DirBridgeCore

/// One user whose action was not applied, with the reason an administrator can act on.
package struct UserIssue: Hashable, Sendable {
    package var anchor: Anchor
    package var dn: String
    /// The planned action; `nil` for a user the plan itself rejected (mapping or schema).
    package var action: ActionKind?
    /// The field concerned, when known.
    package var field: String?
    /// Names the user and, when known, the field (as the connector or mapper wrote it).
    package var message: String

    package init(anchor: Anchor, dn: String, action: ActionKind?, field: String?, message: String) {
        self.anchor = anchor
        self.dn = dn
        self.action = action
        self.field = field
        self.message = message
    }
}

extension UserIssue {
    /// The message without the user and field it names again (the mapper, the dispatcher and the
    /// connector each prefix what they know): what a one-line summary shows after the DN.
    package var detail: String {
        let prefixes = [action.map { "\($0.rawValue) of \(dn):" }, "\(dn):", field.map { "field \($0):" }].compactMap { $0 }
        var text = Substring(message)
        var stripped = true
        while stripped {
            stripped = false
            text = text.drop { $0 == " " }
            for prefix in prefixes where text.hasPrefix(prefix) {
                text = text.dropFirst(prefix.count)
                stripped = true
            }
        }
        return String(text)
    }
}

