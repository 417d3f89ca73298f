/// An account the vendor holds that no directory user owns: not in the snapshot and not adopted.
/// dirbridge never modifies or deprovisions it; the match report lists it so an administrator
/// can decide (a service account, a leaver from before dirbridge, a typo in the directory).
package struct UnmanagedAccount: Hashable, Sendable {
    package var vendorId: String
    /// The account's value of the target's match key (user name, e-mail).
    package var key: String

    package init(vendorId: String, key: String) {
        self.vendorId = vendorId
        self.key = key
    }
}
