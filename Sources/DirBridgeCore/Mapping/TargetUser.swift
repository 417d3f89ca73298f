/// A directory user translated by one target's mapping into that vendor's field set.
package struct TargetUser: Hashable, Sendable {
    package var anchor: Anchor
    package var dn: String
    /// Whether the directory considers the user active; drives create/disable/reimport.
    package var enabled: Bool
    package var payload: TargetPayload

    package init(anchor: Anchor, dn: String, enabled: Bool, payload: TargetPayload) {
        self.anchor = anchor
        self.dn = dn
        self.enabled = enabled
        self.payload = payload
    }
}
