import DirBridgeCore
import Foundation

/// Sertica Sync user import (one user per request, HTTP Basic auth).
public struct SerticaSettings: Sendable {
    public var username: String
    public var password: Secret
    public var importPath: String
    /// The payload field that identifies a user; doubles as dirbridge's vendor id (Sertica returns none).
    public var userNoField: String
    /// Set to `false` on disable.
    public var accessField: String
    /// Also set this field to the current time on disable (nil: leave it alone).
    public var signOffField: String?
    /// Offset used when writing SignOff (Sertica wants ISO-8601 with an offset).
    public var timeZone: TimeZone

    public init(
        username: String, password: Secret, importPath: String = "/api/users/ImportUser", userNoField: String = "UserNo",
        accessField: String = "Access", signOffField: String? = nil, timeZone: TimeZone = .current
    ) {
        self.username = username
        self.password = password
        self.importPath = importPath
        self.userNoField = userNoField
        self.accessField = accessField
        self.signOffField = signOffField
        self.timeZone = timeZone
    }
}
