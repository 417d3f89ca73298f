import Foundation

/// The secrets each simulated vendor accepts. Defaults are fixed test values (documented in
/// the executable's help) so tests and the demo need no setup; a JSON file overrides any part.
public struct SimulatorCredentials: Sendable, Equatable, Codable {
    public struct UserPassword: Sendable, Equatable, Codable {
        public var username: String
        public var password: String

        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    public struct Token: Sendable, Equatable, Codable {
        public var bearerToken: String

        public init(bearerToken: String) {
            self.bearerToken = bearerToken
        }
    }

    public struct ProviderKey: Sendable, Equatable, Codable {
        public var providerId: Int
        public var integrationKey: String

        public init(providerId: Int, integrationKey: String) {
            self.providerId = providerId
            self.integrationKey = integrationKey
        }
    }

    /// HTTP Basic credentials for Sertica's ImportUser.
    public var sertica: UserPassword
    /// Local user allowed to acquire an Aria Operations token.
    public var ariaOperations: UserPassword
    /// Bearer token for Requestor; `requestorBasic` additionally allows Basic auth.
    public var requestor: Token
    public var requestorBasic: UserPassword?
    /// Bearer token for Expoints.
    public var expoints: Token
    /// ProviderId + IntegrationKey carried in Forms On Fire bodies and queries.
    public var formsOnFire: ProviderKey

    public init(
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
    public init(from decoder: any Decoder) throws {
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
    public static func load(contentsOf url: URL) throws -> SimulatorCredentials {
        try JSONDecoder().decode(SimulatorCredentials.self, from: Data(contentsOf: url))
    }
}
