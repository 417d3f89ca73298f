/// Whether a target takes over an account that exists at the vendor before dirbridge created
/// one for the user.
///
/// `match` is the default: on a first run against a vendor that already has its users, every
/// one of them would otherwise be a create that fails, or a second account. It adopts only an
/// account found through the vendor's unique key and held by no other directory user, and the
/// plan shows each adoption before it happens.
package enum AdoptionPolicy: String, Sendable, Codable, CaseIterable, Hashable {
    case match
    case never
}
