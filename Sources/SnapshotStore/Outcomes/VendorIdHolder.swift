import DirBridgeCore

/// The directory user a target's snapshot gives a vendor account to: an account belongs to the
/// anchor whose record holds its id, active or not (a leaver's disabled account is still his,
/// and comes back to him if he returns).
package struct VendorIdHolder: Hashable, Sendable {
    package var anchor: Anchor
    package var dn: String

    package init(anchor: Anchor, dn: String) {
        self.anchor = anchor
        self.dn = dn
    }
}
