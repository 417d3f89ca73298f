/// The anchors and DNs of a directory read, handed out in place of equal copies.
///
/// A snapshot row's anchor and DN are nearly always those of a directory user read moments
/// before. Sharing the directory's instances keeps 100,000 records × several targets from each
/// holding copies of them. One lookup per row: by anchor, then the DN is compared directly.
public struct StringPool: Sendable {
    private let users: [DirectoryUser]
    private let userByAnchor: [String: Int]

    public init(anchorsAndDNsOf users: [DirectoryUser]) {
        var userByAnchor: [String: Int] = [:]
        userByAnchor.reserveCapacity(users.count)
        for index in users.indices {
            userByAnchor[users[index].anchor.value] = index
        }
        self.users = users
        self.userByAnchor = userByAnchor
    }

    public static let empty = StringPool(anchorsAndDNsOf: [])

    /// The directory's instances of `anchor` and `dn` where it holds equal strings, otherwise
    /// the arguments themselves.
    public func shared(anchor: String, dn: String) -> (anchor: String, dn: String) {
        guard let index = userByAnchor[anchor] else { return (anchor, dn) }
        return (users[index].anchor.value, users[index].dn == dn ? users[index].dn : dn)
    }
}
