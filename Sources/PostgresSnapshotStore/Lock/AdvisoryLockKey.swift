/// The 64-bit keys of the store's PostgreSQL advisory locks, derived from fixed names (FNV-1a)
/// rather than picked as numbers, so another application's keys are unlikely to meet them.
/// Advisory locks belong to one database: two stores in two databases never share a lock.
enum AdvisoryLockKey {
    /// Held by a run's own session for the whole run: one run at a time on a store.
    static let run = key("dirbridge.run-lock")
    /// Held by the transaction that checks and migrates the schema.
    static let migration = key("dirbridge.schema-migration")

    private static func key(_ name: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
