import DirBridgeCore

/// Requestor service desk bulk user sync.
public struct RequestorSettings: Sendable {
    /// The scheme is not public ([guess]): both are supported.
    public enum Auth: Sendable {
        case basic(username: String, password: Secret)
        case bearer(token: Secret)

        var secrets: [Secret] {
            switch self {
            case .basic(_, let password): [password]
            case .bearer(let token): [token]
            }
        }
    }

    public var auth: Auth
    public var syncPath: String
    public var deletePath: String
    /// `Force` of DeleteRequestorUser.
    public var forceDelete: Bool
    /// Payload fields sent as the item's top-level `ExternalId` and `Email` rather than as operations.
    public var externalIdField: String
    public var emailField: String
    /// Field set to `false` on disable and `true` otherwise ([guess]: not documented; check the tenant).
    public var activeField: String

    public init(
        auth: Auth, syncPath: String = "/api/Import/SyncRequestorUsers",
        deletePath: String = "/api/Account/DeleteRequestorUser", forceDelete: Bool = false,
        externalIdField: String = "ExternalId", emailField: String = "Email", activeField: String = "IsActive"
    ) {
        self.auth = auth
        self.syncPath = syncPath
        self.deletePath = deletePath
        self.forceDelete = forceDelete
        self.externalIdField = externalIdField
        self.emailField = emailField
        self.activeField = activeField
    }
}
