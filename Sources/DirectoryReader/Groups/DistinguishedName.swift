/// DN comparison as the reader needs it: servers return the DNs they store, so matching a
/// `member` value to an entry's DN only has to ignore case.
enum DistinguishedName {
    static func key(_ dn: String) -> String {
        dn.lowercased()
    }

    /// `uniqueMember` values may end in `#'0101'B` (an optional unique identifier); the DN is
    /// what precedes it.
    static func strippingUniqueIdentifier(_ value: String) -> String {
        guard value.hasSuffix("'B"), let hash = value.lastIndex(of: "#"),
              hash > value.startIndex, value[value.index(before: hash)] != "\\" else { return value }
        return String(value[..<hash])
    }
}
