/// What one run did to one target, by result.
public struct TargetRunCounts: Hashable, Sendable, Codable {
    public var target: String
    public var created: Int
    /// Accounts that already existed at the vendor and were taken over (not created).
    public var adopted: Int
    public var updated: Int
    public var reimported: Int
    public var disabled: Int
    public var rejected: Int
    public var failed: Int

    public init(
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
