import DirBridgeCore

/// VMware Aria Operations suite-api: token auth, bulk import into one auth source.
package struct AriaOperationsSettings: Sendable {
    /// Account that acquires the token.
    package var username: String
    package var password: Secret
    /// Auth source the account logs in through (`authSource` of the token request); nil = local.
    package var loginAuthSource: String?
    /// Id of the auth source (SSO/VIDM/LDAP/AD) users are imported into.
    package var importSourceId: String
    /// Prefix of every API path; `/suite-api/api` on current releases.
    package var apiPrefix: String
    /// The word before the token in `Authorization`: `OpsToken`, or `vRealizeOpsToken` on releases
    /// before 8.17 (8.17+ take both). nil: `OpsToken`, then `vRealizeOpsToken` if a fresh token is
    /// refused under it (``AriaTokenSession``).
    package var tokenScheme: String?
    /// Payload fields holding the user name (the natural key) and the enabled flag.
    package var usernameField: String
    package var enabledField: String

    package init(
        username: String, password: Secret, loginAuthSource: String? = nil, importSourceId: String,
        apiPrefix: String = "/suite-api/api", tokenScheme: String? = nil, usernameField: String = "username",
        enabledField: String = "enabled"
    ) {
        self.username = username
        self.password = password
        self.loginAuthSource = loginAuthSource
        self.importSourceId = importSourceId
        self.apiPrefix = apiPrefix
        self.tokenScheme = tokenScheme
        self.usernameField = usernameField
        self.enabledField = enabledField
    }
}
