import Foundation

/// A small, realistic organisation for the demo and the end-to-end tests: people with
/// non-ASCII names, titles, departments and phone numbers; nested groups (platform ⊂
/// engineering ⊂ staff); contractors; one disabled account; one DN with an escaped comma.
///
/// OpenLDAP has no account-disabled flag, so a disabled person carries `shadowExpire`
/// (nis schema) and the demo's reader rule is "enabled while shadowExpire is absent".
package struct DemoOrganisation: Sendable {
    package var suffix: String
    package var userCount: Int

    package init(suffix: String = "dc=example,dc=org", userCount: Int = 300) {
        precondition(userCount >= 10, "the demo needs room for its special people")
        self.suffix = suffix
        self.userCount = userCount
    }

    package var peopleDN: String { "ou=people,\(suffix)" }
    package var groupsDN: String { "ou=groups,\(suffix)" }
    package func groupDN(_ name: String) -> String { "cn=\(name),\(groupsDN)" }

    /// Group name → parent group name (nesting).
    package static let groupParents: [(group: String, parent: String?)] = [
        ("staff", nil), ("engineering", "staff"), ("platform", "engineering"), ("operations", "staff"),
        ("sales", "staff"), ("managers", nil), ("contractors", nil), ("administrators", "managers"),
    ]

    package struct Person: Sendable, Hashable {
        package var index: Int
        package var uid: String
        package var givenName: String
        package var sn: String
        package var title: String
        package var department: String
        package var employeeType: String
        package var disabled: Bool
        /// RDN value used in the DN (`uid=…`, or `cn=Smith\, John` for the escaped-comma case).
        package var rdn: String
        package var groups: [String]
    }

    private static let givenNames = ["Zoë", "José", "Ana", "Björn", "Chloé", "Dmitri", "Élodie", "Farah", "Günther", "Hana",
                                     "Ingrid", "Jörg", "Kenji", "Léa", "Mårten", "Nuño", "Oğuz", "Paulína", "Quentin", "Renée"]
    private static let surnames = ["Ångström", "Núñez", "Okafor", "Øster", "Schäfer", "Łukasiewicz", "Dvořák", "Müller",
                                   "Nakamura", "O'Brien", "García", "Björklund", "Şahin", "Novák", "Fernández"]
    private static let departments = [("Engineering", "engineering"), ("Platform", "platform"), ("Operations", "operations"),
                                      ("Sales", "sales")]
    private static let titles = ["Engineer", "Senior Engineer", "Analyst", "Coordinator", "Specialist", "Consultant"]

    /// Index of the account that is disabled in the directory from the start (the "returner").
    package var disabledIndex: Int { 3 }
    /// Index of the person whose DN is `cn=Smith\, John,…`.
    package var escapedCommaIndex: Int { 5 }

    package var people: [Person] {
        (0..<userCount).map { index in
            let (department, group) = Self.departments[index % Self.departments.count]
            var groups = [group]
            if index % 25 == 0 { groups.append("managers") }
            if index % 50 == 0 { groups.append("administrators") }
            let contractor = index % 10 == 7
            if contractor { groups.append("contractors") }
            let uid = String(format: "u%05d", index)
            var person = Person(
                index: index, uid: uid, givenName: Self.givenNames[index % Self.givenNames.count],
                sn: Self.surnames[(index / Self.givenNames.count + index) % Self.surnames.count],
                title: index % 25 == 0 ? "Manager" : Self.titles[index % Self.titles.count], department: department,
                employeeType: contractor ? "contractor" : "staff", disabled: index == disabledIndex,
                rdn: "uid=\(uid)", groups: groups)
            if index == escapedCommaIndex {
                person.givenName = "John"
                person.sn = "Smith"
                person.rdn = "cn=Smith\\, John"
            }
            return person
        }
    }

    package func dn(of person: Person) -> String { "\(person.rdn),\(peopleDN)" }

    /// People and groups as LDIF for `slapadd`, below the `ou=people` and `ou=groups` entries
    /// that ``SlapdServer`` creates.
    package func ldif() -> String {
        var text = ""
        let people = self.people
        for person in people {
            text += entry(person, loadedWithUUID: true)
        }
        for (group, _) in Self.groupParents {
            text += "dn: \(groupDN(group))\nobjectClass: groupOfNames\ncn: \(group)\n"
            for (child, parent) in Self.groupParents where parent == group {
                text += "member: \(groupDN(child))\n"
            }
            for person in people where person.groups.contains(group) {
                text += "member: \(dn(of: person))\n"
            }
            // groupOfNames needs a member: an empty group keeps a placeholder, as admins do.
            if !Self.groupParents.contains(where: { $0.parent == group }), !people.contains(where: { $0.groups.contains(group) }) {
                text += "member: \(peopleDN)\n"
            }
            text += "\n"
        }
        return text
    }

    /// The person's entryUUID, loaded with the entry. slapd would stamp entries added in one go
    /// with time-based UUIDs in the order they were added, so the reader would meet the anchors
    /// in their sorted order; a directory grown over years (and Active Directory's GUIDs) hands
    /// them out in no order at all, and so does this one: the planner's work follows that order.
    private func entryUUID(of person: Person) -> String {
        // Time-based like slapd's: the 32 low bits of the time, a bijection of the index (an odd
        // multiplier modulo 2³²), come first and decide the order; the node names the suffix.
        let scrambled = UInt64(UInt32(truncatingIfNeeded: person.index &* 2_654_435_761))
        let node = suffix.utf8.reduce(UInt64(0xcbf2_9ce4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 } & 0xFFFF_FFFF_FFFF
        func hex(_ value: UInt64, _ width: Int) -> String {
            let digits = String(value, radix: 16)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(hex(scrambled, 8))-\(hex(UInt64(person.index >> 16 & 0xFFFF), 4))-11e9-9\(hex(UInt64(person.index & 0xFFF), 3))-\(hex(node, 12))"
    }

    /// `loadedWithUUID`: for slapadd; an LDAP add leaves the entryUUID to the server.
    private func entry(_ person: Person, loadedWithUUID: Bool = false) -> String {
        var text = """
        dn: \(dn(of: person))
        objectClass: inetOrgPerson
        objectClass: shadowAccount

        """
        if loadedWithUUID { text += "entryUUID: \(entryUUID(of: person))\n" }
        text += """
        uid: \(person.uid)
        cn: \(person.givenName) \(person.sn)
        givenName: \(person.givenName)
        sn: \(person.sn)
        mail: \(person.uid)@example.org
        employeeNumber: \(1000 + person.index)
        title: \(person.title)
        departmentNumber: \(person.department)
        employeeType: \(person.employeeType)
        telephoneNumber: +45 3512 \(String(format: "%04d", person.index))
        preferredLanguage: en

        """
        if person.rdn.hasPrefix("cn=") {
            // The naming value must be one of the entry's values: `Smith, John` unescaped.
            text += "cn: \(person.rdn.dropFirst(3).replacingOccurrences(of: "\\,", with: ","))\n"
        }
        if person.disabled { text += "shadowExpire: 1\n" }
        return Self.encodeNonASCII(text) + "\n"
    }

    /// LDIF values that are not plain ASCII must be base64 (`attr:: value`).
    private static func encodeNonASCII(_ entry: String) -> String {
        entry.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.utf8.contains(where: { $0 >= 0x80 }), let colon = line.firstIndex(of: ":") else { return String(line) }
            let value = line[line.index(colon, offsetBy: 2)...]
            return "\(line[..<colon]):: \(Data(value.utf8).base64EncodedString())"
        }.joined(separator: "\n")
    }

    // MARK: Changes between two runs of the demo

    /// Someone who joins after the first sync: not in ``people``.
    package var newcomer: Person {
        Person(index: userCount, uid: String(format: "u%05d", userCount), givenName: "Ísold", sn: "Þórsdóttir",
               title: "Engineer", department: "Platform", employeeType: "staff", disabled: false,
               rdn: "uid=\(String(format: "u%05d", userCount))", groups: ["platform"])
    }

    /// LDIF that adds `person` to the directory and to their groups.
    package func addition(of person: Person) -> String {
        entry(person) + person.groups.map {
            "dn: \(groupDN($0))\nchangetype: modify\nadd: member\nmember: \(dn(of: person))\n\n"
        }.joined()
    }

    /// LDIF that changes a person's title.
    package func titleChange(_ person: Person, to title: String) -> String {
        "dn: \(dn(of: person))\nchangetype: modify\nreplace: title\ntitle: \(title)\n"
    }

    /// LDIF that disables a person (a leaver whose account is kept, as AD admins do).
    package func disable(_ person: Person) -> String {
        "dn: \(dn(of: person))\nchangetype: modify\nadd: shadowExpire\nshadowExpire: 1\n"
    }

    /// LDIF that re-enables a previously disabled person (a returner).
    package func enable(_ person: Person) -> String {
        "dn: \(dn(of: person))\nchangetype: modify\ndelete: shadowExpire\n"
    }
}
