import DirBridgeCore
import Foundation
import Testing
@testable import DirBridgeConfig

/// The mapping files shipped in `mappings/`, loaded as the CLI loads them and run through the
/// mapper with realistic Active Directory and OpenLDAP users.
@Suite struct ShippedMappingsTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func mapping(_ vendor: VendorKind) throws -> Mapping {
        try MappingFile.load(path: repositoryRoot.appendingPathComponent("mappings/\(vendor.rawValue).yaml").path)
    }

    static func prepare(_ vendor: VendorKind, _ users: [DirectoryUser]) throws -> PreparedUsers {
        Mapper(mapping: try mapping(vendor)).prepare(users, schema: .builtIn(vendor))
    }

    /// One user, which must be accepted; its payload.
    static func payload(_ vendor: VendorKind, _ user: DirectoryUser) throws -> TargetPayload {
        let prepared = try prepare(vendor, [user])
        #expect(prepared.rejections == [], "\(vendor.rawValue): \(user.dn)")
        return try #require(prepared.accepted.first).payload
    }

    static let groups = "ou=groups,dc=example,dc=org"

    /// As the reader returns an AD account (attribute names lowercased by DirectoryUser).
    static func activeDirectoryUser(
        enabled: Bool = true, groups: [String]? = nil, changing changes: [String: [String]] = [:]
    ) -> DirectoryUser {
        var attributes: [String: [String]] = [
            "sAMAccountName": ["ASmith"], "userPrincipalName": ["ASmith@example.org"], "mail": ["Ann.Smith@Example.org"],
            "givenName": ["Ann"], "sn": ["Smith"], "cn": ["Ann Smith"], "displayName": ["Ann Smith (Fleet)"],
            "title": ["Chief Engineer"], "department": ["Fleet Operations"], "telephoneNumber": ["+45 33 12 34 56"],
            "mobile": ["+45 20 00 00 01"], "employeeID": ["E-10042"], "employeeType": ["Employee"],
            "preferredLanguage": ["da-DK, en;q=0.8"], "accountExpires": ["9223372036854775807"], "userAccountControl": ["512"],
            "objectGUID": ["XK1fDy7ZQ0m5Qv1V2Y7u6g=="],
        ]
        attributes.merge(changes) { $1 }
        return DirectoryUser(
            anchor: Anchor("0f1fad5c-d92e-4341-b942-fd55d98eeea6"), dn: "CN=Ann Smith,OU=Staff,DC=example,DC=org", enabled: enabled,
            attributes: attributes.filter { !$0.value.isEmpty },
            groups: groups ?? [
                "CN=sertica-engineers,OU=Groups,DC=example,DC=org", "CN=aria-power-users,OU=Groups,DC=example,DC=org",
                "CN=expoints-managers,OU=Groups,DC=example,DC=org", "CN=Domain Users,CN=Users,DC=example,DC=org",
            ]
        )
    }

    /// As the reader returns an OpenLDAP inetOrgPerson.
    static func openLDAPUser(enabled: Bool = true, changing changes: [String: [String]] = [:]) -> DirectoryUser {
        var attributes: [String: [String]] = [
            "uid": ["bjensen"], "mail": ["bjensen@example.org"], "givenName": ["Barbara"], "sn": ["Jensen"],
            "cn": ["Barbara Jensen", "Babs Jensen"], "title": ["Second Officer"], "departmentNumber": ["4711"],
            "telephoneNumber": ["+45 33 98 76 54"], "employeeNumber": ["10043"], "employeeType": ["staff", "Contractor"],
            "entryUUID": ["7c9e6679-7425-40de-944b-e07fc1f90ae7"],
        ]
        attributes.merge(changes) { $1 }
        return DirectoryUser(
            anchor: Anchor("7c9e6679-7425-40de-944b-e07fc1f90ae7"), dn: "uid=bjensen,ou=people,dc=example,dc=org", enabled: enabled,
            attributes: attributes.filter { !$0.value.isEmpty },
            groups: ["cn=sertica-masters,\(groups)", "cn=sertica-office,\(groups)", "cn=aria-admins,\(groups)", "cn=aria-power-users,\(groups)", "cn=expoints-admins,\(groups)"]
        )
    }

    static let longMail = String(repeating: "a", count: 288) + "@example.org"

    // MARK: - Every vendor

    @Test(arguments: VendorKind.allCases)
    func mapsBothDialectsWithinTheSchema(vendor: VendorKind) throws {
        let schema = VendorSchema.builtIn(vendor)
        let prepared = try Self.prepare(vendor, [Self.activeDirectoryUser(), Self.openLDAPUser()])
        #expect(prepared.rejections == [])
        #expect(prepared.accepted.count == 2)
        for user in prepared.accepted {
            #expect(schema.requiredFields.allSatisfy { user.payload[$0] != nil }, "\(vendor.rawValue): \(user.dn)")
            #expect(schema.naturalKey(of: user.payload) != nil)
            // No secret (password, integration key) ever comes out of a shipped mapping.
            #expect(schema.secretFields.isDisjoint(with: user.payload.fields.keys))
            for (name, value) in user.payload.fields {
                if case .string(let text) = value, let limit = schema[name]?.maxLength {
                    #expect(text.utf16.count <= limit, "\(vendor.rawValue).\(name)")
                }
            }
        }
    }

    @Test(arguments: VendorKind.allCases)
    func neverReadsAPasswordAttribute(vendor: VendorKind) throws {
        let passwordAttributes: Set = ["userpassword", "unicodepwd", "sambantpassword", "supplementalcredentials"]
        for (name, rule) in try Self.mapping(vendor).fields {
            switch rule.source {
            case .template(let template): #expect(passwordAttributes.isDisjoint(with: template.attributes), "\(name)")
            case .attribute(let attribute): #expect(!passwordAttributes.contains(attribute), "\(name)")
            default: continue
            }
        }
    }

    // MARK: - Sertica

    @Test func serticaFromActiveDirectory() throws {
        let payload = try Self.payload(.sertica, Self.activeDirectoryUser())
        #expect(payload == TargetPayload([
            "UserNo": .string("E-10042"), "Login": .string("asmith"), "Name": .string("Ann Smith (Fleet)"),
            "Title": .string("Chief Engineer"), "Email": .string("ann.smith@example.org"), "Phone": .string("+45 33 12 34 56"),
            "WindowsLogon": .string("ASmith@example.org"), "Language": .string("da"), "Access": .bool(true),
            "ExternalGroupNo": .string("ENGINE"),
        ]))
    }

    @Test func serticaFromOpenLDAP() throws {
        let payload = try Self.payload(.sertica, Self.openLDAPUser())
        #expect(payload == TargetPayload([
            "UserNo": .string("10043"), "Login": .string("bjensen"), "Name": .string("Barbara Jensen"),
            "Title": .string("Second Officer"), "Email": .string("bjensen@example.org"), "Phone": .string("+45 33 98 76 54"),
            // No preferredLanguage: the default; no userPrincipalName: no WindowsLogon.
            "Language": .string("en"), "Access": .bool(true),
            // In masters and office: the first entry of the table wins.
            "ExternalGroupNo": .string("MASTER"),
        ]))
    }

    @Test func serticaGroupDefaultAndAccountExpiry() throws {
        let user = Self.activeDirectoryUser(groups: [], changing: ["accountExpires": ["133511760000000000"]])
        let payload = try Self.payload(.sertica, user)
        #expect(payload["ExternalGroupNo"] == .string("STAFF"))
        #expect(payload["SignOff"] == .string("2024-01-31T12:00:00+00:00"))
    }

    @Test func serticaTruncatesDisplayTextOnly() throws {
        let longTitle = "Senior Superintendent of Technical Operations, Dry-Docking and Newbuilding Projects (Asia Pacific)"
        let payload = try Self.payload(.sertica, Self.activeDirectoryUser(changing: ["title": [longTitle], "displayName": [longTitle]]))
        #expect(longTitle.count > 80)
        #expect(payload["Title"] == .string(String(longTitle.prefix(80))))
        #expect(payload["Name"] == .string(String(longTitle.prefix(80))))
        // The same length in an identifier is not cut: the user is rejected naming the limit.
        let prepared = try Self.prepare(.sertica, [Self.activeDirectoryUser(changing: ["employeeID": ["EMP-2026-0000000000042"]])])
        #expect(prepared.accepted.isEmpty)
        #expect(prepared.rejections.map(\.field) == ["UserNo"])
        #expect(prepared.rejections.first?.reason == "UserNo is 22 characters, limit is 20")
    }

    @Test func serticaRejectsAnOverlongMailNamingFieldAndLimit() throws {
        let user = Self.openLDAPUser(changing: ["mail": [Self.longMail]])
        let prepared = try Self.prepare(.sertica, [user, Self.activeDirectoryUser()])
        #expect(prepared.accepted.map(\.anchor) == [Self.activeDirectoryUser().anchor])
        let rejection = try #require(prepared.rejections.first)
        #expect(prepared.rejections.count == 1)
        #expect(rejection.dn == user.dn)
        #expect(rejection.field == "Email")
        #expect(rejection.reason == "Email is 300 characters, limit is 255")
    }

    @Test func serticaRejectsAUserWithoutEmployeeNumber() throws {
        let prepared = try Self.prepare(.sertica, [Self.activeDirectoryUser(changing: ["employeeID": []])])
        #expect(prepared.accepted.isEmpty)
        #expect(prepared.rejections.map(\.field) == ["UserNo"])
        #expect(prepared.rejections.first?.reason.contains("employeenumber, employeeid missing") == true)
    }

    @Test func serticaDisabledUserHasAccessFalse() throws {
        let prepared = try Self.prepare(.sertica, [Self.activeDirectoryUser(enabled: false), Self.openLDAPUser(enabled: false)])
        #expect(prepared.rejections == [])
        #expect(prepared.accepted.map { $0.payload["Access"] } == [.bool(false), .bool(false)])
        #expect(prepared.accepted.allSatisfy { !$0.enabled })
    }

    // MARK: - Aria Operations

    @Test func ariaFromBothDirectories() throws {
        let fromAD = try Self.payload(.ariaOperations, Self.activeDirectoryUser())
        #expect(fromAD == TargetPayload([
            "username": .string("asmith@example.org"), "firstName": .string("Ann"), "lastName": .string("Smith"),
            "emailAddress": .string("ann.smith@example.org"), "distinguishedName": .string("CN=Ann Smith,OU=Staff,DC=example,DC=org"),
            "enabled": .bool(true), "roleNames": .list([.string("PowerUser")]),
        ]))
        let fromOpenLDAP = try Self.payload(.ariaOperations, Self.openLDAPUser())
        #expect(fromOpenLDAP["username"] == .string("bjensen@example.org"))
        #expect(fromOpenLDAP["distinguishedName"] == .string("uid=bjensen,ou=people,dc=example,dc=org"))
        // Every matching group adds its role, in table order.
        #expect(fromOpenLDAP["roleNames"] == .list([.string("Administrator"), .string("PowerUser")]))
    }

    @Test func ariaDefaultRoleDisabledUserAndNoLimitOnMail() throws {
        #expect(try Self.payload(.ariaOperations, Self.activeDirectoryUser(groups: []))["roleNames"] == .list([.string("ReadOnly")]))
        #expect(try Self.payload(.ariaOperations, Self.openLDAPUser(enabled: false))["enabled"] == .bool(false))
        // Aria documents no length limit, and the mapping does not truncate: sent as is.
        let long = try Self.payload(.ariaOperations, Self.openLDAPUser(changing: ["mail": [Self.longMail]]))
        #expect(long["emailAddress"] == .string(Self.longMail))
    }

    // MARK: - Requestor

    @Test func requestorFromBothDirectories() throws {
        let fromAD = try Self.payload(.requestor, Self.activeDirectoryUser())
        #expect(fromAD == TargetPayload([
            "ExternalId": .string("0f1fad5c-d92e-4341-b942-fd55d98eeea6"), "Email": .string("ann.smith@example.org"),
            "Username": .string("asmith"), "FirstName": .string("Ann"), "LastName": .string("Smith"),
            "Phone": .string("+45 33 12 34 56"), "Department": .string("Fleet Operations"), "Title": .string("Chief Engineer"),
        ]))
        let fromOpenLDAP = try Self.payload(.requestor, Self.openLDAPUser())
        #expect(fromOpenLDAP["ExternalId"] == .string("7c9e6679-7425-40de-944b-e07fc1f90ae7"))
        #expect(fromOpenLDAP["Username"] == .string("bjensen"))
        #expect(fromOpenLDAP["Department"] == .string("4711"))
    }

    @Test func requestorNeedsUsernameAndEmail() throws {
        let prepared = try Self.prepare(.requestor, [Self.openLDAPUser(changing: ["uid": [], "mail": []])])
        #expect(prepared.accepted.isEmpty)
        #expect(Set(prepared.rejections.map(\.field)) == ["Email", "Username"])
    }

    // MARK: - Expoints

    static let employee = "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a01"
    static let manager = "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a02"
    static let administrator = "3f1c2b9e-6a47-4d1e-8f2a-0b5c7d9e1a03"

    static func roles(_ ids: String...) -> FieldValue { .list(ids.map { .object(["Id": .string($0)]) }) }

    @Test func expointsFromBothDirectories() throws {
        let fromAD = try Self.payload(.expoints, Self.activeDirectoryUser())
        #expect(fromAD == TargetPayload([
            "Username": .string("asmith@example.org"), "Email": .string("ann.smith@example.org"),
            "Roles": Self.roles(Self.manager), "Type": .string("Internal"),
        ]))
        let fromOpenLDAP = try Self.payload(.expoints, Self.openLDAPUser())
        #expect(fromOpenLDAP["Username"] == .string("bjensen@example.org"))
        #expect(fromOpenLDAP["Roles"] == Self.roles(Self.administrator))
        // employeeType holds "staff" and "Contractor": any contractor value makes the user External.
        #expect(fromOpenLDAP["Type"] == .string("External"))
    }

    @Test func expointsDefaults() throws {
        let payload = try Self.payload(.expoints, Self.activeDirectoryUser(groups: [], changing: ["employeeType": []]))
        #expect(payload["Roles"] == Self.roles(Self.employee))
        #expect(payload["Type"] == .string("Internal"))
    }

    // MARK: - Forms On Fire

    @Test func formsOnFireFromBothDirectories() throws {
        let fromAD = try Self.payload(.formsOnFire, Self.activeDirectoryUser())
        #expect(fromAD == TargetPayload([
            "Email": .string("ann.smith@example.org"), "ExternalId": .string("0f1fad5c-d92e-4341-b942-fd55d98eeea6"),
            "FirstName": .string("Ann"), "LastName": .string("Smith"),
        ]))
        let fromOpenLDAP = try Self.payload(.formsOnFire, Self.openLDAPUser())
        #expect(fromOpenLDAP["Email"] == .string("bjensen@example.org"))
        #expect(fromOpenLDAP["ExternalId"] == .string("7c9e6679-7425-40de-944b-e07fc1f90ae7"))
    }

    @Test func formsOnFireRejectsAnExternalIdOverItsLimit() throws {
        // ExternalId is the anchor; an anchor longer than Forms On Fire's 50 is refused, not cut.
        var user = Self.openLDAPUser()
        user.anchor = Anchor(String(repeating: "f", count: 51))
        let prepared = try Self.prepare(.formsOnFire, [user])
        #expect(prepared.rejections.map(\.reason) == ["ExternalId is 51 characters, limit is 50"])
    }
}
