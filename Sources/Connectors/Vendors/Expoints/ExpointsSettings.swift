import DirBridgeCore

/// Expoints external API v3 (bearer token, bulk add and update, no per-user results).
package struct ExpointsSettings: Sendable {
    package var token: Secret
    package var userPath: String
    /// Read-only endpoint used by the access check.
    package var rolePath: String
    /// The payload field with the user name: the natural key and the vendor id.
    package var usernameField: String

    package init(token: Secret, userPath: String = "/external/api/v3/user", rolePath: String = "/external/api/v3/role",
                usernameField: String = "Username") {
        self.token = token
        self.userPath = userPath
        self.rolePath = rolePath
        self.usernameField = usernameField
    }
}
