extension DirectoryUser {
    /// For producers that already lowercase attribute names and sort groups (the directory
    /// reader does both): skips normalising again, which is measurable at 100,000 users a run.
    package init(anchor: Anchor, dn: String, enabled: Bool, attributes: DirectoryAttributes, sortedGroups: [String]) {
        assert(sortedGroups == sortedGroups.sorted(), "groups must be sorted")
        self.anchor = anchor
        self.dn = dn
        self.enabled = enabled
        attributeValues = attributes
        groups = sortedGroups
    }

    /// The same from a dictionary whose names are lowercased already.
    package init(anchor: Anchor, dn: String, enabled: Bool, lowercasedAttributes: [String: [String]], sortedGroups: [String]) {
        assert(lowercasedAttributes.keys.allSatisfy { $0 == $0.lowercased() }, "attribute names must be lowercased")
        self.init(
            anchor: anchor, dn: dn, enabled: enabled, attributes: DirectoryAttributes(lowercased: lowercasedAttributes),
            sortedGroups: sortedGroups)
    }
}
