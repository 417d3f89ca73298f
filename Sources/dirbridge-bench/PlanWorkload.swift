import DirBridgeCore

/// A generated directory for the plan benchmark, and the five targets' mappings, written the
/// way the shipped mappings are (templates, lower/truncate/default, group → role lookups).
///
/// `previousUsers()` is what the snapshot was built from; `currentUsers()` is today's read: of
/// the changed share, 80 % have a new title (updates), 10 % are new (creates) and 10 % left
/// (disables).
struct PlanWorkload {
    static let groupCount = 500
    static let groupsPerUser = 8

    let userCount: Int
    let changedPercent: Double

    private var changedEvery: Int { max(1, Int((100 / max(changedPercent, 0.0001)).rounded())) }

    func previousUsers(_ indexes: Range<Int>) -> [DirectoryUser] {
        indexes.compactMap { index in
            isNew(index) ? nil : user(index, title: title(index))
        }
    }

    func currentUsers() -> [DirectoryUser] {
        (0..<userCount).compactMap { index in
            if hasLeft(index) { return nil }
            return user(index, title: isRetitled(index) ? "Senior \(title(index))" : title(index))
        }
    }

    // One changed user every `changedEvery`, spread evenly; which kind of change by position.
    private func changeKind(_ index: Int) -> Int? { index % changedEvery == 0 ? (index / changedEvery) % 10 : nil }
    private func isNew(_ index: Int) -> Bool { changeKind(index) == 8 }
    private func hasLeft(_ index: Int) -> Bool { changeKind(index) == 9 }
    private func isRetitled(_ index: Int) -> Bool { (changeKind(index) ?? 9) < 8 }

    private func title(_ index: Int) -> String {
        ["Engineer", "Analyst", "Technician", "Manager", "Consultant", "Nurse", "Accountant"][index % 7]
    }

    private func user(_ index: Int, title: String) -> DirectoryUser {
        let given = Self.givenNames[index % Self.givenNames.count]
        let family = Self.familyNames[(index / Self.givenNames.count) % Self.familyNames.count]
        let uid = "\(given.lowercased()).\(family.lowercased())\(index)"
        let attributes: [String: [String]] = [
            "cn": ["\(given) \(family)"],
            "givenname": [given],
            "sn": [family],
            "mail": ["\(given).\(family)\(index)@Example.org"],
            "uid": [uid],
            "employeenumber": [String(100_000 + index)],
            "title": [title],
            "departmentnumber": ["D\(index % 40)"],
            "telephonenumber": ["+45 70 \(10_000 + index % 90_000)"],
            "mobile": ["+45 20 \(10_000 + (index * 7) % 90_000)"],
            "preferredlanguage": [index % 3 == 0 ? "da" : "en"],
        ]
        var groups = Set<Int>()
        var step = 0
        while groups.count < Self.groupsPerUser {
            groups.insert((index * 31 + step * 97) % Self.groupCount)
            step += 1
        }
        return DirectoryUser(
            // Anchors in no order along the users, as a directory grown over years reads them
            // (its first eight digits a bijection of the index); in index order they flattered the
            // comparison, which then walked the users in memory order.
            anchor: Anchor(String(format: "%08x-1b2c-4d5e-8f90-%012x", (index &* 2_654_435_761) & 0xFFFF_FFFF, index)),
            dn: "uid=\(uid),ou=People,dc=example,dc=org",
            enabled: index % 50 != 7,
            lowercasedAttributes: attributes,
            // Shared strings, as the reader hands out: one per group, not one per membership.
            sortedGroups: groups.map { Self.groupDNs[$0] }.sorted()
        )
    }

    static func groupDN(_ index: Int) -> String { "cn=group\(index),ou=Groups,dc=example,dc=org" }
    private static let groupDNs = (0..<groupCount).map(groupDN)

    private static let givenNames = ["Anna", "Bo", "Carla", "Dan", "Eva", "Frederik", "Gitte", "Hans", "Ida", "Jens", "Karen", "Lars", "Mette", "Niels", "Ole"]
    private static let familyNames = ["Hansen", "Jensen", "Nielsen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen", "Rasmussen", "Jørgensen"]

    // MARK: - Targets

    struct Target: Sendable {
        var name: String
        var mapping: Mapping
        var schema: VendorSchema { VendorSchema.builtIn(mapping.vendor) }
    }

    static let targets: [Target] = [
        Target(name: "sertica", mapping: Mapping(vendor: .sertica, fields: [
            "UserNo": rule("{employeeNumber}", required: true),
            "Name": rule("{givenName} {sn}", .truncate(80)),
            "Title": rule("{title}", .truncate(80)),
            "Email": rule("{mail}", .lower),
            "Phone": rule("{telephoneNumber}"),
            "Login": rule("{uid}", .lower, required: true),
            "WindowsLogon": rule("EXAMPLE\\{uid}"),
            "Language": rule("{preferredLanguage}", .defaultValue(.string("en")), .truncate(10)),
            "Access": FieldRule(source: .enabled),
            "ExternalGroupNo": FieldRule(source: .groups, transforms: [.lookup(ValueLookup(
                entries: (0..<20).map { .init(match: groupDN($0 * 25), value: .string("G\($0)")) },
                multiple: .first, defaultValue: .string("G0")))]),
        ])),
        Target(name: "aria-operations", mapping: Mapping(vendor: .ariaOperations, fields: [
            "username": rule("{uid}", .lower, required: true),
            "firstName": rule("{givenName}"),
            "lastName": rule("{sn}"),
            "emailAddress": rule("{mail}", .lower),
            "distinguishedName": FieldRule(source: .dn),
            "enabled": FieldRule(source: .enabled),
            "roleNames": FieldRule(source: .groups, transforms: [.lookup(ValueLookup(
                entries: (0..<10).map { .init(match: groupDN($0 * 50 + 3), value: .string("ContentAdmin\($0)")) },
                defaultValue: .string("ReadOnly")))]),
        ])),
        Target(name: "requestor", mapping: Mapping(vendor: .requestor, fields: [
            "ExternalId": FieldRule(source: .anchor),
            "Email": rule("{mail}", .lower, required: true),
            "FirstName": rule("{givenName}"),
            "LastName": rule("{sn}"),
            "Username": rule("{uid}", .lower, required: true),
            "Phone": rule("{telephoneNumber}"),
            "MobilePhone": rule("{mobile}"),
            "Title": rule("{title}"),
            "Department": rule("{departmentNumber}"),
        ])),
        Target(name: "expoints", mapping: Mapping(vendor: .expoints, fields: [
            "Username": rule("{uid}", .lower, required: true),
            "Email": rule("{mail}", .lower),
            "Roles": FieldRule(source: .groups, transforms: [.lookup(ValueLookup(
                entries: (0..<25).map { .init(match: groupDN($0 * 20 + 1), value: .int(1_000 + $0)) },
                objectKey: "Id", defaultValue: .int(1)))]),
            "Type": FieldRule(source: .constant(.string("Internal"))),
            "HasSingleActiveRole": FieldRule(source: .constant(.bool(false))),
        ])),
        Target(name: "forms-on-fire", mapping: Mapping(vendor: .formsOnFire, fields: [
            "Email": rule("{mail}", .lower, required: true),
            "ExternalId": rule("{employeeNumber}"),
            "FirstName": rule("{givenName}"),
            "LastName": rule("{sn}"),
            "WebsiteRole": FieldRule(source: .groups, transforms: [.lookup(ValueLookup(
                entries: [.init(match: groupDN(7), value: .string("Administrator"))],
                multiple: .first, defaultValue: .string("User")))]),
            "Groups": FieldRule(source: .groups, transforms: [.lookup(ValueLookup(
                entries: (0..<50).map { .init(match: groupDN($0 * 10), value: .int(50_000 + $0)) },
                objectKey: "Id"))]),
        ])),
    ]

    private static func rule(_ template: String, _ transforms: Transform..., required: Bool = false) -> FieldRule {
        // The templates above are constants of this file; a parse failure is a bug in it.
        FieldRule(source: .template(try! Template(parsing: template)), transforms: transforms, required: required)
    }
}
