/// What the last complete run knew of the groups, for a delta read to tell which users a group
/// change reaches. The stored states are asked for only when the group structure changed.
package struct GroupBaseline: Sendable {
    /// The digest of every group's state then (``DirectoryReadReport/groupFingerprint``).
    package var fingerprint: String
    /// Each group's digest then, by DN key.
    package var digests: @Sendable () async throws -> [String: String]
    /// The edges then of the given groups.
    package var edges: @Sendable ([String]) async throws -> [String: [String]]

    package init(
        fingerprint: String, digests: @escaping @Sendable () async throws -> [String: String],
        edges: @escaping @Sendable ([String]) async throws -> [String: [String]]
    ) {
        self.fingerprint = fingerprint
        self.digests = digests
        self.edges = edges
    }
}
