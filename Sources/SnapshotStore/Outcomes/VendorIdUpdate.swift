/// What a successful action does to the stored vendor id.
package enum VendorIdUpdate: Hashable, Sendable {
    /// The vendor did not return one (update, field-based disable, id-less vendors): keep it.
    case keep
    /// The vendor assigned or confirmed this id (create, re-import, adoption of an existing user).
    case set(String)
    /// The vendor deleted the user (delete-based disable). The record stays, `disabled` and
    /// id-less, so a returning user is planned as a re-import rather than a first-time create.
    case clear
}
