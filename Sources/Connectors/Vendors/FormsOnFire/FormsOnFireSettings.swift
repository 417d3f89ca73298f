import DirBridgeCore

/// Forms On Fire users API ("SUser"): credentials travel in the body (query for GET).
public struct FormsOnFireSettings: Sendable {
    /// Numeric provider id; sent as a JSON number when it is all digits.
    public var providerId: Secret
    public var integrationKey: Secret
    public var userPath: String
    /// How a user is found again: the payload field and the query parameter it goes into.
    public var lookupField: String
    public var lookupParameter: String

    public init(
        providerId: Secret, integrationKey: Secret, userPath: String = "/api/v1/suser", lookupField: String = "Email",
        lookupParameter: String = "email"
    ) {
        self.providerId = providerId
        self.integrationKey = integrationKey
        self.userPath = userPath
        self.lookupField = lookupField
        self.lookupParameter = lookupParameter
    }
}
