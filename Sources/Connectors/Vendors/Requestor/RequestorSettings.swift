import DirBridgeCore

/// Requestor service desk bulk user sync.
package struct RequestorSettings: Sendable {
    /// The scheme is not package ([guess]): both are supported.
    package enum Auth: Sendable {
        case basic(username: String, password: Secret)
        case bearer(token: Secret)

        var secrets: [Secret] {
            switch self {
            case .basic(_, let password): [password]
            case .bearer(let token): [token]
            }
        }
    }

    package var auth: Auth
    package var syncPath: String
    package var deletePath: String
    /// `Force` of DeleteRequestorUser.
    package var forceDelete: Bool
    /// Payload fields sent as the item's top-level `ExternalId` and `Email` rather than as operations.
    package var externalIdField: String
    package var emailField: String
    /// The payload field a result's `Username` is matched against (results come in no documented order).
    package var usernameField: String
    /// How disable is expressed when deprovision is `disable` ([guess]: not documented; check the tenant).
    package var accessField: AccessField

    package init(
        auth: Auth, syncPath: String = "/api/Import/SyncRequestorUsers",
        deletePath: String = "/api/Account/DeleteRequestorUser", forceDelete: Bool = false,
        externalIdField: String = "ExternalId", emailField: String = "Email", usernameField: String = "Username",
        accessField: AccessField = .disabledFlag("Disabled")
    ) {
        self.auth = auth
        self.syncPath = syncPath
        self.deletePath = deletePath
        self.forceDelete = forceDelete
        self.externalIdField = externalIdField
        self.emailField = emailField
        self.usernameField = usernameField
        self.accessField = accessField
    }

    /// A field sent with every item (the API clears what is left out): one value for active
    /// users, another for disabled ones.
    package struct AccessField: Sendable, Hashable {
        package var name: String
        package var activeValue: FieldValue
        package var disabledValue: FieldValue
        /// Whether leaving the property out (which Requestor resets to its default) means active:
        /// true for a disabled-flag, whose default is false.
        package var activeIsDefault: Bool { activeValue == .bool(false) }

        package init(name: String, activeValue: FieldValue, disabledValue: FieldValue) {
            self.name = name
            self.activeValue = activeValue
            self.disabledValue = disabledValue
        }

        /// `true` means disabled (e.g. `Disabled`).
        package static func disabledFlag(_ name: String) -> AccessField {
            AccessField(name: name, activeValue: .bool(false), disabledValue: .bool(true))
        }

        /// `true` means active (e.g. `IsActive`).
        package static func activeFlag(_ name: String) -> AccessField {
            AccessField(name: name, activeValue: .bool(true), disabledValue: .bool(false))
        }
    }
}
