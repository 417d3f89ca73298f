/// One group as the last complete run read it, kept so that a delta read can tell which users a
/// changed group reaches: a digest of its edges, and the edges (`member:` DN keys and `uid:`
/// values of its members, or `parent:` DN keys of the groups it is in).
package struct DirectoryGroupState: Sendable, Hashable {
    package var digest: String
    package var edges: [String]

    package init(edges: [String]) {
        self.edges = edges.sorted()
        digest = SHA256.hexDigest(of: Array(self.edges.joined(separator: "\n").utf8))
    }

    package init(digest: String, edges: [String]) {
        self.digest = digest
        self.edges = edges
    }
}
