/// What a target does with a user who left the directory or was disabled there.
package enum DeprovisionPolicy: String, Sendable, Codable, Hashable, CaseIterable {
    /// Set the vendor's own disable field (Sertica `Access: false`, Aria `enabled: false`, …).
    case disable
    /// Remove the user at the vendor. Planned as a `disable` action; the dispatcher reads the
    /// policy to choose the vendor call.
    case delete
    /// Leave the vendor account alone: no action is planned.
    case ignore
}

/// Limits that stop a plan before it deprovisions a suspicious number of users.
package struct SafetyPolicy: Hashable, Sendable, Codable {
    /// Largest share (percent) of the target's managed users a plan may disable.
    package var maxDisablePercent: Double
    /// Largest absolute number of disables, when set.
    package var maxDisableCount: Int?

    package init(maxDisablePercent: Double = 10, maxDisableCount: Int? = nil) {
        self.maxDisablePercent = maxDisablePercent
        self.maxDisableCount = maxDisableCount
    }
}

/// The per-target policy the diff engine applies.
package struct SyncPolicy: Hashable, Sendable, Codable {
    package var deprovision: DeprovisionPolicy
    package var safety: SafetyPolicy

    package init(deprovision: DeprovisionPolicy = .disable, safety: SafetyPolicy = SafetyPolicy()) {
        self.deprovision = deprovision
        self.safety = safety
    }
}
