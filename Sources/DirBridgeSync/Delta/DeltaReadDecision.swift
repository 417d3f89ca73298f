import Foundation
import SnapshotStore

/// Whether a sync may read only what changed since the last complete run, or must read the whole
/// directory, and why. Pure.
package enum DeltaReadDecision: Equatable, Sendable {
    /// Continue from the cursor.
    case delta(DirectoryCursor)
    /// Read everything; the reason is logged (nil on a first run or when deltas are off).
    case whole(reason: String?)

    package static func decide(
        cursor: DirectoryCursor?, configurationFingerprint: String, now: Date, fullReadEvery: Duration, forcedWhole: Bool
    ) -> DeltaReadDecision {
        guard let cursor else { return .whole(reason: nil) }
        if forcedWhole { return .whole(reason: "a full read was asked for") }
        if cursor.configurationFingerprint != configurationFingerprint {
            return .whole(reason: "the configuration or a mapping changed since the last complete run")
        }
        let age = now.timeIntervalSince(cursor.fullReadAt)
        let limit = Double(fullReadEvery.components.seconds)
        if age >= limit || age < 0 {
            return .whole(reason: "the last full read is older than full_read_every (\(Int(limit)) s)")
        }
        if let expiry = cursor.nextAccountExpiry, now >= expiry {
            return .whole(reason: "an account expired since the last complete run (the directory reports no change when one does)")
        }
        return .delta(cursor)
    }
}
