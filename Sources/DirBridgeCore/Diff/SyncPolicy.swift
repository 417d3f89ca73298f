/// What a target does with a user who left the directory or was disabled there.
public enum DeprovisionPolicy: String, Sendable, Codable, Hashable, CaseIterable {
    /// Set the vendor's own disable field (Sertica `Access: false`, Aria `enabled: false`, …).
    case disable
    /// Remove the user at the vendor. Planned as a `disable` action; the dispatcher reads the
    /// policy to choose the vendor call.
    case delete
    /// Leave the vendor account alone: no action is planned.
    case ignore
}

/// Limits that stop a plan before it deprovisions a suspicious number of users.
public struct SafetyPolicy: Hashable, Sendable, Codable {
    /// Largest share (percent) of the target's managed users a plan may disable.
    public var maxDisablePercent: Double
    /// Largest absolute number of disables, when set.
    public var maxDisableCount: Int?

    public init(maxDisablePercent: Double = 10, maxDisableCount: Int? = nil) {
        self.maxDisablePercent = maxDisablePercent
        self.maxDisableCount = maxDisableCount
    }
}

/// The per-target policy the diff engine applies.
public struct SyncPolicy: Hashable, Sendable, Codable {
    public var deprovision: DeprovisionPolicy
    public var safety: SafetyPolicy

    public init(deprovision: DeprovisionPolicy = .disable, safety: SafetyPolicy = SafetyPolicy()) {
        self.deprovision = deprovision
        self.safety = safety
    }
}
