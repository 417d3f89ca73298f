import DirBridgeCore

/// What a delta read adds to its changed users: those gone from the directory since the cursor.
package struct DeltaScope: Sendable {
    package var deleted: Set<Anchor>

    package init(deleted: Set<Anchor>) {
        self.deleted = deleted
    }
}
