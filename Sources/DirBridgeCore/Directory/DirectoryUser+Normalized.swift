extension DirectoryUser {
    /// For producers that already lowercase attribute names and sort groups (the directory
    /// reader does both): skips normalising again, which is measurable at 100,000 users a run.
    package init(anchor: Anchor, dn: String, enabled: Bool, lowercasedAttributes: [String: [String]], sortedGroups: [String]) {
        assert(lowercasedAttributes.keys.allSatisfy { $0 == $0.lowercased() }, "attribute names must be lowercased")
        assert(sortedGroups == sortedGroups.sorted(), "groups must be sorted")
        self.anchor = anchor
        self.dn = dn
        self.enabled = enabled
        self.attributes = lowercasedAttributes
        self.groups = sortedGroups
    }
}
