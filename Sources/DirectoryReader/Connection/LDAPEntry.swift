/// One entry as the server returned it: binary-safe values, attribute names as the server
/// spelled them. Range-retrieved attributes (`member;range=0-1499`) are already complete and
/// carry their plain name.
struct LDAPEntry: Sendable {
    var dn: String
    var attributes: [LDAPAttribute]

    /// Values of an attribute, matched case-insensitively; empty when absent.
    func values(of name: String) -> [[UInt8]] {
        attributes.first { $0.name.caseInsensitiveEquals(name) }?.values ?? []
    }
}

struct LDAPAttribute: Sendable {
    var name: String
    var values: [[UInt8]]
}

extension String {
    /// ASCII case-insensitive comparison: LDAP attribute descriptions are ASCII.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a)
        }
    }
}
