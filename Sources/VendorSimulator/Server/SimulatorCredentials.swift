import Foundation

/// The secrets each simulated vendor accepts. Defaults are fixed test values (documented in
/// the executable's help) so tests and the demo need no setup; a JSON file overrides any part.
package struct SimulatorCredentials: Sendable, Equatable, Codable {
    package struct UserPassword: Sendable, Equatable, Codable {
        package var username: String
        package var password: String

        package init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    package struct Token: Sendable, Equatable, Codable {
        package var bearerToken: String

        package init(bearerToken: String) {
            self.bearerToken = bearerToken
        }
    }

    package struct ProviderKey: Sendable, Equatable, Codable {
        package var providerId: Int
        package var integrationKey: String

        package init(providerId: Int, integrationKey: String) {
            self.providerId = providerId
            self.integrationKey = integrationKey
        }
    }

    /// HTTP Basic credentials for Sertica's ImportUser.
    package var sertica: UserPassword
    /// Local user allowed to acquire an Aria Operations token.
    package var ariaOperations: UserPassword
    /// Bearer token for Requestor; `requestorBasic` additionally allows Basic auth.
    package var requestor: Token
    package var requestorBasic: UserPassword?
    /// Bearer token for Expoints.
    package var expoints: Token
    /// ProviderId + IntegrationKey carried in Forms On Fire bodies and queries.
    package var formsOnFire: ProviderKey

    package init(
        sertica: UserPassword = .init(username: "sertica-sync", password: "sertica-test-password"),
        ariaOperations: UserPassword = .init(username: "admin", password: "aria-test-password"),
        requestor: Token = .init(bearerToken: "requestor-test-token"),
        requestorBasic: UserPassword? = nil,
        expoints: Token = .init(bearerToken: "expoints-test-token"),
        formsOnFire: ProviderKey = .init(providerId: 1001, integrationKey: "forms-on-fire-test-key")
    ) {
        self.sertica = sertica
        self.ariaOperations = ariaOperations
        self.requestor = requestor
        self.requestorBasic = requestorBasic
        self.expoints = expoints
        self.formsOnFire = formsOnFire
    }

    /// Every section is optional in a file; a missing one keeps its test default.
    package init(from decoder: any Decoder) throws {
        let defaults = SimulatorCredentials()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sertica = try container.decodeIfPresent(UserPassword.self, forKey: .sertica) ?? defaults.sertica
        ariaOperations =
            try container.decodeIfPresent(UserPassword.self, forKey: .ariaOperations) ?? defaults.ariaOperations
        requestor = try container.decodeIfPresent(Token.self, forKey: .requestor) ?? defaults.requestor
        requestorBasic = try container.decodeIfPresent(UserPassword.self, forKey: .requestorBasic)
        expoints = try container.decodeIfPresent(Token.self, forKey: .expoints) ?? defaults.expoints
        formsOnFire = try container.decodeIfPresent(ProviderKey.self, forKey: .formsOnFire) ?? defaults.formsOnFire
    }

    /// Reads a credentials file (JSON, same keys as this type).
    package static func load(contentsOf url: URL) throws -> SimulatorCredentials {
        try JSONDecoder().decode(SimulatorCredentials.self, from: Data(contentsOf: url))
    }
}
