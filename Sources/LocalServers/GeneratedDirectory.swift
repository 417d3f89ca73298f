import Foundation

/// A synthetic directory of `userCount` inetOrgPersons in `groupCount` groupOfNames, with
/// nesting chains `k·nestEvery ← k·nestEvery+1 ← k·nestEvery+2` (the right group is a member
/// of the left), written as LDIF for slapadd. User `i` is a direct member of group
/// `i % groupCount`; `expectedGroups(ofUser:)` gives the full nested set to assert against.
package struct GeneratedDirectory: Sendable {
    package var peopleDN: String
    package var groupsDN: String
    package var userCount: Int
    package var groupCount: Int
    package var nestEvery: Int
    /// Write `memberOf` into the LDIF, as the memberof overlay would (slapadd runs no overlays).
    package var writeMemberOf: Bool

    package init(peopleDN: String, groupsDN: String, userCount: Int, groupCount: Int, nestEvery: Int = 5, writeMemberOf: Bool = true) {
        precondition(userCount >= groupCount, "every groupOfNames needs a member")
        self.peopleDN = peopleDN
        self.groupsDN = groupsDN
        self.userCount = userCount
        self.groupCount = groupCount
        self.nestEvery = nestEvery
        self.writeMemberOf = writeMemberOf
    }

    package func uid(_ user: Int) -> String { String(format: "user%06d", user) }
    package func userDN(_ user: Int) -> String { "uid=\(uid(user)),\(peopleDN)" }
    package func groupDN(_ group: Int) -> String { String(format: "cn=group%04d,", group) + groupsDN }

    /// The group that directly contains `group`, if it is nested.
    package func parent(ofGroup group: Int) -> Int? {
        let position = group % nestEvery
        return position == 1 || position == 2 ? group - 1 : nil
    }

    /// DNs of every group user `user` is in, nesting included, sorted.
    package func expectedGroups(ofUser user: Int) -> [String] {
        var groups = [user % groupCount]
        while let parent = parent(ofGroup: groups.last!) { groups.append(parent) }
        return groups.map(groupDN).sorted()
    }

    /// Streams the LDIF in chunks of whole entries.
    package func write(to sink: (String) throws -> Void) rethrows {
        var chunk = ""
        chunk.reserveCapacity(1 << 16)
        for user in 0..<userCount {
            let uid = uid(user)
            chunk += """
            dn: uid=\(uid),\(peopleDN)
            objectClass: inetOrgPerson
            uid: \(uid)
            cn: User \(user)
            sn: Number\(user)
            givenName: User
            mail: \(uid)@example.org
            employeeNumber: \(user)
            title: Engineer

            """
            if writeMemberOf { chunk += "memberOf: \(groupDN(user % groupCount))\n" }
            chunk += "\n"
            if chunk.utf8.count > 60_000 { try sink(chunk); chunk.removeAll(keepingCapacity: true) }
        }
        for group in 0..<groupCount {
            chunk += "dn: \(groupDN(group))\nobjectClass: groupOfNames\ncn: \(String(format: "group%04d", group))\n"
            if writeMemberOf, let parent = parent(ofGroup: group) { chunk += "memberOf: \(groupDN(parent))\n" }
            if group + 1 < groupCount, parent(ofGroup: group + 1) == group { chunk += "member: \(groupDN(group + 1))\n" }
            for user in stride(from: group, to: userCount, by: groupCount) {
                chunk += "member: \(userDN(user))\n"
                if chunk.utf8.count > 60_000 { try sink(chunk); chunk.removeAll(keepingCapacity: true) }
            }
            chunk += "\n"
        }
        try sink(chunk)
    }

    /// The whole LDIF as one string (small directories).
    package func ldif() -> String {
        var text = ""
        write { text += $0 }
        return text
    }

    /// Writes the LDIF to a file without holding it in memory.
    package func write(toFile path: String) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try write { try handle.write(contentsOf: Data($0.utf8)) }
    }
}
