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

    /// What turns the stored states (`storedDigests`) into the current ones: every group's
    /// digest, and the states of (at least) the groups whose digest differs. A changed group
    /// without its state is removed rather than left stale: the next delta then reads whole.
    package init(from storedDigests: [String: String], digests: [String: String], states: [String: DirectoryGroupState]) {
        var upserts: [String: DirectoryGroupState] = [:]
        var removals: [String] = []
        for (group, digest) in digests where storedDigests[group] != digest {
            if let state = states[group] { upserts[group] = state } else if storedDigests[group] != nil { removals.append(group) }
        }
        removals += storedDigests.keys.filter { digests[$0] == nil }
        self.upserts = upserts
        self.removals = removals.sorted()
    }

    package var isEmpty: Bool { upserts.isEmpty && removals.isEmpty }
}
