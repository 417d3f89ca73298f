/// A directory user translated by one target's mapping into that vendor's field set.
public struct TargetUser: Hashable, Sendable {
    public var anchor: Anchor
    public var dn: String
    /// Whether the directory considers the user active; drives create/disable/reimport.
    public var enabled: Bool
    public var payload: TargetPayload

    public init(anchor: Anchor, dn: String, enabled: Bool, payload: TargetPayload) {
        self.anchor = anchor
        self.dn = dn
        self.enabled = enabled
        self.payload = payload
    }
}
