import DirBridgeCore

/// Forms On Fire users API ("SUser"): credentials travel in the body (query for GET).
package struct FormsOnFireSettings: Sendable {
    /// Numeric provider id; sent as a JSON number when it is all digits.
    package var providerId: Secret
    package var integrationKey: Secret
    package var userPath: String
    /// How a user is found again: the payload field and the query parameter it goes into.
    package var lookupField: String
    package var lookupParameter: String
    /// Where DELETE carries `{IntegrationKey, ProviderId, Id}` ([guess]: the seed shows a body on a
    /// DELETE, which many servers ignore; ServiceStack binds both by default).
    package var deleteParameters: DeleteParameters

    package enum DeleteParameters: String, Sendable, CaseIterable {
        case body, query, both
    }

    package init(
        providerId: Secret, integrationKey: Secret, userPath: String = "/api/v1/suser", lookupField: String = "Email",
        lookupParameter: String = "email", deleteParameters: DeleteParameters = .both
    ) {
        self.providerId = providerId
        self.integrationKey = integrationKey
        self.userPath = userPath
        self.lookupField = lookupField
        self.lookupParameter = lookupParameter
        self.deleteParameters = deleteParameters
    }
}
