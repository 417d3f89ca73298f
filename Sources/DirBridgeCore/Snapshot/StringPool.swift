/// Strings a run already holds, handed out in place of equal copies.
///
/// A snapshot row's anchor and DN are nearly always those of a directory user read moments
/// before. Sharing the directory's instances keeps 100,000 records × several targets from each
/// holding copies of them.
public struct StringPool: Sendable {
    private let strings: Set<String>

    public init<Strings: Sequence<String>>(_ strings: Strings) {
        self.strings = Set(strings)
    }

    /// Anchors and DNs of `users`.
    public init(anchorsAndDNsOf users: [DirectoryUser]) {
        var strings = Set<String>(minimumCapacity: 2 * users.count)
        for user in users {
            strings.insert(user.anchor.value)
            strings.insert(user.dn)
        }
        self.strings = strings
    }

    public static let empty = StringPool([])

    /// The pooled instance equal to `string`, or `string` itself.
    public func shared(_ string: String) -> String {
        strings.firstIndex(of: string).map { strings[$0] } ?? string
    }
}
