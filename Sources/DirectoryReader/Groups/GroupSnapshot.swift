import DirBridgeCore

/// The groups one read saw: each group's digest, and its state (edges) made on demand from the
/// compact entries, so that only the groups to be stored ever become lists of strings.
package struct GroupSnapshot: Sendable, Equatable {
    /// Each group's digest by DN key.
    package let digests: [String: String]
    /// A digest of every group's digest: equal fingerprints, same group structure.
    package let fingerprint: String
    let entries: [GroupEntry]

    init(_ entries: [GroupEntry]) {
        self.entries = entries
        var digests: [String: String] = [:]
        for group in entries { digests[group.key] = group.digest }
        self.digests = digests
        fingerprint = SHA256.hexDigest(of: Array(digests.map { $0.key + "\u{0}" + $0.value }.sorted().joined(separator: "\n").utf8))
    }

    /// No groups (a source read without them).
    package static let empty = GroupSnapshot([])

    /// The states of the groups `keys` names (every group when nil).
    package func states(_ keys: Set<String>? = nil) -> [String: DirectoryGroupState] {
        var states: [String: DirectoryGroupState] = [:]
        for group in entries where keys?.contains(group.key) ?? true {
            states[group.key] = group.state
        }
        return states
    }

    package static func == (lhs: GroupSnapshot, rhs: GroupSnapshot) -> Bool {
        lhs.fingerprint == rhs.fingerprint
    }
}
