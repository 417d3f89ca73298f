import DirBridgeCore

/// How the stored group states of a source change with a new cursor: only the groups that
/// changed are written, so a quiet run writes nothing however large its groups.
package struct DirectoryGroupChanges: Sendable, Hashable {
    package var upserts: [String: DirectoryGroupState]
    package var removals: [String]

    package init(upserts: [String: DirectoryGroupState] = [:], removals: [String] = []) {
        self.upserts = upserts
        self.removals = removals
    }

    /// What turns the stored states (`storedDigests`) into `current`.
    package init(from storedDigests: [String: String], to current: [String: DirectoryGroupState]) {
        upserts = current.filter { storedDigests[$0.key] != $0.value.digest }
        removals = storedDigests.keys.filter { current[$0] == nil }.sorted()
    }

    package var isEmpty: Bool { upserts.isEmpty && removals.isEmpty }
}
