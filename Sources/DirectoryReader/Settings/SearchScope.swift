/// How far below the base DN a search looks.
package enum SearchScope: String, Sendable, Codable, Equatable {
    /// The base entry only.
    case base
    /// Immediate children of the base.
    case one
    /// The base and everything below it.
    case subtree = "sub"
}
