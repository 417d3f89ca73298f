/// One group as the last complete run read it, kept so that a delta read can tell which users a
/// changed group reaches: a digest of the group as read, and its edges (`member:` DN keys and `uid:`
/// values of its members, or `parent:` DN keys of the groups it is in).
package struct DirectoryGroupState: Sendable, Hashable {
    package var digest: String
    package var edges: [String]

    package init(digest: String, edges: [String]) {
        self.digest = digest
        self.edges = edges
    }
}
