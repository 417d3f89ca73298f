/// What the dispatcher must do for one user at one target.
package enum ActionKind: String, Sendable, Codable, CaseIterable, Hashable, Comparable {
    /// Enabled user with no record at the target.
    case create
    /// Enabled user with no record whose account already exists at the vendor, found by the
    /// target's match key and owned by no other anchor: taken over (sent as an update to the
    /// account's id, which the action carries) instead of created a second time.
    case adopt
    /// Active record whose payload changed (a rename with the same anchor included).
    case update
    /// Disabled or removed record whose user is back and enabled; carries the stored vendor id.
    case reimport
    /// Active record whose user left the directory or was disabled there.
    case disable

    /// The kind's place in a plan: creates first, disables last (the order of the cases).
    var rank: Int {
        switch self {
        case .create: 0
        case .adopt: 1
        case .update: 2
        case .reimport: 3
        case .disable: 4
        }
    }

    package static func < (lhs: ActionKind, rhs: ActionKind) -> Bool {
        lhs.rank < rhs.rank
    }
}
