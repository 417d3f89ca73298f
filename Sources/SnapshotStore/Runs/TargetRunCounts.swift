/// What one run did to one target, by result.
package struct TargetRunCounts: Hashable, Sendable, Codable {
    package var target: String
    package var created: Int
    /// Accounts that already existed at the vendor and were taken over (not created).
    package var adopted: Int
    package var updated: Int
    package var reimported: Int
    package var disabled: Int
    package var rejected: Int
    package var failed: Int

    package init(
        target: String, created: Int = 0, adopted: Int = 0, updated: Int = 0, reimported: Int = 0, disabled: Int = 0,
        rejected: Int = 0, failed: Int = 0
    ) {
        self.target = target
        self.created = created
        self.adopted = adopted
        self.updated = updated
        self.reimported = reimported
        self.disabled = disabled
        self.rejected = rejected
        self.failed = failed
    }
}
