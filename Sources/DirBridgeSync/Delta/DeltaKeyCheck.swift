import DirBridgeConfig
import DirectoryReader
import DirBridgeCore
import SnapshotStore

/// One person, one account, under a delta read: a changed user's unique key value (a new hire's
/// mail, a renamed login) may already be held by a user the delta did not read. A full read sees
/// both and applies `KeyCollisionRule`; a delta cannot, so it gives way to a full read.
enum DeltaKeyCheck {
    /// Why the delta cannot be planned alone, or nil when no changed user's key value is held by
    /// an unread user at any target.
    static func conflict(
        _ changes: DirectoryChanges, configuration: LoadedConfiguration, store: any SnapshotStore
    ) async throws -> String? {
        guard !changes.changed.isEmpty else { return nil }
        let read = Set(changes.changed.map(\.anchor)).union(changes.deleted)
        for target in configuration.configuration.targets {
            guard let mapping = configuration.mappings[target.name] else { continue }
            let schema = VendorSchema.builtIn(target.vendor)
            guard !schema.uniqueKeys.isEmpty else { continue }
            let prepared = Mapper(mapping: mapping).prepare(changes.changed, schema: schema)
            for field in schema.uniqueKeys {
                var wanted: [String: (anchor: Anchor, dn: String)] = [:]
                for index in 0..<prepared.count where prepared.isEnabled(at: index) {
                    guard let value = UniqueKeyHashes.text(of: prepared.payload(at: index)[field]) else { continue }
                    wanted[value.lowercased()] = (prepared.anchor(at: index), prepared.dn(at: index))
                }
                let holders = try await store.anchorsHolding(values: Set(wanted.keys), field: field, target: target.name)
                for (value, anchors) in holders.sorted(by: { $0.key < $1.key }) {
                    guard let user = wanted[value], anchors.contains(where: { $0 != user.anchor && !read.contains($0) }) else { continue }
                    return "\(user.dn): \(field) \(value) is held at target \(target.name) by a user this delta did not read"
                }
            }
        }
        return nil
    }
}
