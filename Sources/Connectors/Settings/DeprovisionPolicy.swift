/// What a `disable` action (user left or was disabled in the directory) does at a target.
public enum DeprovisionPolicy: String, Sendable, Hashable, Codable, CaseIterable {
    /// Set the vendor's own "no access" field (Sertica `Access: false`, Aria `enabled: false`, …).
    case disable
    /// Remove the user at the vendor.
    case delete
    /// Send nothing; the outcome says the user keeps access there.
    case ignore
}
