import DirBridgeConfig
import DirectoryReader
import DirBridgeCore
import SnapshotStore

/// One person, one account, under a delta read: a changed user's unique key value (a new hire's
/// mail, a renamed login) may already be held by a user the delta did not read. A full read sees
/// both and applies `KeyCollisionRule`; a delta must read the holders too before it can.
enum DeltaKeyCheck {
    /// The unread users holding, at some target, a unique key value of a changed user: read them
    /// too and the collision is judged as a full read judges it. Empty when there are none.
    static func unreadHolders(
        _ changes: DirectoryChanges, configuration: LoadedConfiguration, store: any SnapshotStore
    ) async throws -> Set<Anchor> {
        guard !changes.changed.isEmpty else { return [] }
        let read = Set(changes.changed.map(\.anchor)).union(changes.deleted)
        // Targets are checked at once: each maps the changed users and reads their stored
        // payloads, work that runs on every core while the run waits for it.
        return try await withThrowingTaskGroup(of: Set<Anchor>.self) { group in
            for target in configuration.configuration.targets {
                guard let mapping = configuration.mappings[target.name] else { continue }
                group.addTask {
                    try await unreadHolders(changes.changed, read: read, target: target, mapping: mapping, store: store)
                }
            }
            var unread = Set<Anchor>()
            for try await holders in group { unread.formUnion(holders) }
            return unread
        }
    }

    /// The unread holders at one target of the changed users' unique key values.
    private static func unreadHolders(
        _ changed: [DirectoryUser], read: Set<Anchor>, target: TargetConfiguration, mapping: Mapping,
        store: any SnapshotStore
    ) async throws -> Set<Anchor> {
        let schema = VendorSchema.builtIn(target.vendor)
        guard !schema.uniqueKeys.isEmpty else { return [] }
        // Mapped once, without the schema check: a user the schema rejects gets no action,
        // and asking for his key's holders too only costs a read.
        let mapper = Mapper(mapping: mapping)
        let users = changed.filter(\.enabled).compactMap { try? mapper.map($0).get() }
        // A value the user's own applied payload already holds is his: no unread user can hold it too.
        let stored = try await store.payloads(target: target.name, anchors: users.map(\.anchor))
        let held = try await store.heldKeys(
            of: users.map { ($0.anchor, $0.payload) }, stored: stored, fields: schema.uniqueKeys, target: target.name)
        return Set(held.flatMap(\.others)).subtracting(read)
    }
}
