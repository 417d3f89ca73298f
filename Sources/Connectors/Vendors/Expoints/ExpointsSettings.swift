import DirBridgeCore

/// Expoints external API v3 (bearer token, bulk add and update, no per-user results).
public struct ExpointsSettings: Sendable {
    public var token: Secret
    public var userPath: String
    /// Read-only endpoint used by the access check.
    public var rolePath: String
    /// The payload field with the user name: the natural key and the vendor id.
    public var usernameField: String

    public init(token: Secret, userPath: String = "/external/api/v3/user", rolePath: String = "/external/api/v3/role",
                usernameField: String = "Username") {
        self.token = token
        self.userPath = userPath
        self.rolePath = rolePath
        self.usernameField = usernameField
    }
}
