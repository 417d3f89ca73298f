extension VendorSchema {
    /// The built-in schema of each vendor, from the API pages in `seeds/` and `vendors.md`.
    package static func builtIn(_ vendor: VendorKind) -> VendorSchema {
        switch vendor {
        case .sertica: sertica
        case .ariaOperations: ariaOperations
        case .requestor: requestor
        case .expoints: expoints
        case .formsOnFire: formsOnFire
        }
    }

    /// Sertica Sync `ImportUser`: lengths and required fields as documented; the API has no
    /// per-user error report, so this check is the only one there is.
    package static let sertica = VendorSchema(
        vendor: .sertica,
        fields: [
            FieldSpec("UserNo", required: true, maxLength: 20),
            FieldSpec("Name", maxLength: 80),
            FieldSpec("Title", maxLength: 80),
            FieldSpec("Email", maxLength: 255),
            FieldSpec("Phone", maxLength: 50),
            FieldSpec("Login", required: true, maxLength: 50),
            FieldSpec("Password", maxLength: 20, secret: true),
            FieldSpec("WindowsLogon", maxLength: 60),
            FieldSpec("Language", required: true, maxLength: 10),
            FieldSpec("Access", .bool, required: true),
            FieldSpec("IMONo", maxLength: 50),
            FieldSpec("ExternalGroupNo", required: true, maxLength: 50),
            FieldSpec("SignOn", .date),
            FieldSpec("SignOff", .date),
        ],
        naturalKeys: ["UserNo"]
    )

    /// Aria Operations `auth/sources/{id}/users`. `enabled` is required because the documented
    /// sample sends `false`: a mapping that forgot it would import everyone disabled.
    package static let ariaOperations = VendorSchema(
        vendor: .ariaOperations,
        fields: [
            FieldSpec("username", required: true),
            FieldSpec("firstName"),
            FieldSpec("lastName"),
            FieldSpec("emailAddress"),
            FieldSpec("distinguishedName"),
            FieldSpec("enabled", .bool, required: true),
            FieldSpec("password", secret: true),
            FieldSpec("roleNames", .list),
            FieldSpec("groupIds", .list),
            FieldSpec("role-permissions", .objectList(keys: ["roleName"])),
        ],
        naturalKeys: ["username"],
        forbiddenFields: [
            "Last login time": "a documentation glitch the API rejects; login time is the vendor's, never sent",
            "lastLoginTime": "login time is the vendor's, never sent",
            "id": "the connector sends the stored vendor id on re-import",
            "links": "read-only in the API",
        ]
    )

    /// Requestor `SyncRequestorUsers`. [guess] The property set is not package beyond
    /// `ExternalId`/`Email`; these are the requestor properties the vendor simulator accepts
    /// (docs/vendorsim.md), sent in full on every update because omitted optional fields are
    /// cleared by the vendor. `Disabled` belongs to the connector's deprovision policy.
    package static let requestor = VendorSchema(
        vendor: .requestor,
        fields: [
            FieldSpec("ExternalId", required: true),
            FieldSpec("Email", required: true),
            FieldSpec("Username", required: true),
            FieldSpec("FirstName"),
            FieldSpec("LastName"),
            FieldSpec("Phone"),
            FieldSpec("MobilePhone"),
            FieldSpec("Title"),
            FieldSpec("Department"),
            FieldSpec("Company"),
            FieldSpec("Location"),
            FieldSpec("Language"),
            FieldSpec("TimeZone"),
            FieldSpec("EmployeeNumber"),
            FieldSpec("CostCenter"),
            FieldSpec("Manager"),
        ],
        naturalKeys: ["ExternalId"],
        uniqueKeys: ["ExternalId", "Username", "Email"],
        forbiddenFields: [
            "UserProviderKey": "the connector sends the stored vendor key on update",
            "Disabled": "set by the connector when the target's deprovision policy disables a leaver",
        ]
    )

    /// Expoints external API v3 `user`.
    package static let expoints = VendorSchema(
        vendor: .expoints,
        fields: [
            FieldSpec("Username", required: true),
            FieldSpec("Email"),
            FieldSpec("Roles", .objectList(keys: ["Id"]), required: true),
            FieldSpec("Type", required: true, allowedValues: ["Internal", "External"]),
            FieldSpec("HasSingleActiveRole", .bool),
        ],
        naturalKeys: ["Username"]
    )

    /// Forms On Fire `SUser`. `IntegrationKey`/`ProviderId` are credentials the connector
    /// injects from configuration; they are declared so reports mask them wherever they appear.
    package static let formsOnFire = VendorSchema(
        vendor: .formsOnFire,
        fields: [
            FieldSpec("Email", required: true),
            FieldSpec("ExternalId", maxLength: 50),
            FieldSpec("FirstName"),
            FieldSpec("LastName"),
            FieldSpec("Password", secret: true),
            FieldSpec("WebsiteRole"),
            FieldSpec("Groups", .objectList(keys: ["Id"])),
            FieldSpec("Folders", .objectList(keys: ["Id"])),
            FieldSpec("IntegrationKey", secret: true),
            FieldSpec("ProviderId", .int, secret: true),
        ],
        naturalKeys: ["ExternalId", "Email"],
        uniqueKeys: ["Email", "ExternalId"],
        forbiddenFields: ["Id": "the connector addresses updates by the stored vendor id", "Status": "set by the vendor"]
    )
}
