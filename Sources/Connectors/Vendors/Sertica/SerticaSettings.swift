import DirBridgeCore
import Foundation

/// Sertica Sync user import (one user per request, HTTP Basic auth).
package struct SerticaSettings: Sendable {
    package var username: String
    package var password: Secret
    package var importPath: String
    /// The payload field that identifies a user; doubles as dirbridge's vendor id (Sertica returns none).
    package var userNoField: String
    /// Set to `false` on disable.
    package var accessField: String
    /// Also set this field to the current time on disable (nil: leave it alone).
    package var signOffField: String?
    /// Offset used when writing SignOff (Sertica wants ISO-8601 with an offset).
    package var timeZone: TimeZone

    package init(
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
