import DirBridgeCore
import SnapshotStore

/// A unique key value new to a user (his own applied payload holds another, or none) that
/// records of other anchors hold.
struct HeldKey {
    var anchor: Anchor
    var field: String
    var value: String
    var others: Set<Anchor>
}

extension SnapshotStore {
    /// The held keys of `users` at `target`, field by field in the order of `fields`: what both
    /// the delta read (holders it did not read) and the plan (holders no longer in the directory)
    /// must see before one person may take a value.
    func heldKeys(
        of users: [(anchor: Anchor, payload: TargetPayload)], stored: [Anchor: TargetPayload], fields: [String], target: String
    ) async throws -> [HeldKey] {
        var held: [HeldKey] = []
        for field in fields {
            var wanted: [String: [Anchor]] = [:]
            for (anchor, payload) in users {
                guard let value = UniqueKeyHashes.text(of: payload[field])?.lowercased(),
                      UniqueKeyHashes.text(of: stored[anchor]?[field])?.lowercased() != value else { continue }
                wanted[value, default: []].append(anchor)
            }
            guard !wanted.isEmpty else { continue }
            for (value, holders) in try await anchorsHolding(values: Set(wanted.keys), field: field, target: target) {
                for anchor in wanted[value] ?? [] {
                    let others = holders.subtracting([anchor])
                    if !others.isEmpty { held.append(HeldKey(anchor: anchor, field: field, value: value, others: others)) }
                }
            }
        }
        return held
    }
}
