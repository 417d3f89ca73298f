/// A directory entry the reader could not turn into a user: no anchor value, or an enabled-state
/// or end-date attribute it cannot interpret. That person alone is held back at every target
/// (no action, and never taken for a leaver) and named; the rest of the read goes on.
package struct UnreadableEntry: Error, Hashable, Sendable, CustomStringConvertible {
    package var dn: String
    /// Nil when the anchor itself is what cannot be read: his records are then known by DN.
    package var anchor: Anchor?
    /// The attribute that could not be read.
    package var attribute: String
    package var reason: String

    package init(dn: String, anchor: Anchor?, attribute: String, reason: String) {
        self.dn = dn
        self.anchor = anchor
        self.attribute = attribute
        self.reason = reason
    }

    package var description: String { "user \(dn) cannot be read: \(reason)" }

    /// How a target's plan lists him (a rejection without an anchor has an empty one).
    package var rejection: Rejection {
        Rejection(anchor: anchor ?? Anchor(""), dn: dn, field: attribute, reason: "\(reason); held back until the directory entry is fixed")
    }
}
