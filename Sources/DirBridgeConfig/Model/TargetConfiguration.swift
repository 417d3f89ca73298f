import DirBridgeCore

/// One `targets:` entry: which vendor endpoint, how users are mapped for it, and how hard it may
/// be pushed. Credentials are references only (see ``SecretReference``).
package struct TargetConfiguration: Sendable, Hashable {
    package var name: String
    package var vendor: VendorKind
    package var baseURL: String
    /// Path of the mapping file; relative paths are resolved against the config file's folder.
    package var mappingPath: String
    /// nil: the vendor's safe default (see ``effectiveDeprovision``).
    package var deprovision: DeprovisionPolicy?
    /// What a create that meets an existing account does (`adopt`): take it over when nobody
    /// else owns it and it was found through the vendor's unique key (`match`, the default), or
    /// never (`never`: the user is rejected and an administrator links the account by hand).
    package var adopt: AdoptionPolicy
    package var batchSize: Int?
    /// Requests in flight at first; the window adapts to the vendor's answers up to `maxConcurrency`.
    package var concurrency: Int
    package var maxConcurrency: Int
    package var rateLimit: RateLimitConfiguration?
    package var retry: RetryConfiguration
    package var timeoutSeconds: Double
    package var connectTimeoutSeconds: Double
    package var tls: TLSConfiguration
    /// nil: the usual proxy environment variables apply; `"none"` forces direct connections.
    package var proxy: String?
    package var httpVersion: HTTPVersionSetting
    package var credentials: CredentialsConfiguration
    package var options: VendorOptions
    /// `allow_insecure_http`: the administrator accepts that this target's credentials cross the
    /// network in clear text (an `http://` base URL). Without it such a target does not load.
    package var allowInsecureHTTP: Bool

    /// Credentials go over plain HTTP: allowed only with ``allowInsecureHTTP``, warned about on every run.
    package var sendsCredentialsInClearText: Bool {
        baseURL.hasPrefix("http://") && credentials != CredentialsConfiguration()
    }

    /// Deprovisioning must be explicit where the vendor can only delete or do nothing, so that
    /// nobody deletes accounts — or leaves leavers active — by omission.
    package var effectiveDeprovision: DeprovisionPolicy? {
        if let deprovision { return deprovision }
        switch vendor {
        case .sertica, .ariaOperations, .requestor: return .disable
        case .expoints, .formsOnFire: return nil
        }
    }
}

/// `http_version`: which HTTP the target's client speaks.
package enum HTTPVersionSetting: String, Sendable, Hashable, Decodable, CaseIterable {
    /// HTTP/1.1 only.
    case http1_1 = "1.1"
    /// HTTP/2 where the server offers it during the TLS handshake (ALPN), otherwise HTTP/1.1;
    /// plain http:// stays on HTTP/1.1. curl's own default.
    case http2 = "2"
}

package struct RateLimitConfiguration: Sendable, Hashable, Decodable {
    package var requestsPerSecond: Double
    package var burst: Int

    enum CodingKeys: String, CodingKey, CaseIterable {
        case requestsPerSecond = "requests_per_second"
        case burst
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        guard let rate = try container.decodeIfPresent(Double.self, forKey: CodingKeys.requestsPerSecond.rawValue, aboveZeroUpTo: 100_000)
        else {
            throw DecodingError.keyNotFound(
                AnyCodingKey(CodingKeys.requestsPerSecond.rawValue), .init(codingPath: container.codingPath, debugDescription: ""))
        }
        requestsPerSecond = rate
        burst = try container.decodeIfPresent(Int.self, forKey: CodingKeys.burst.rawValue, in: 1...100_000) ?? 1
    }
}

package struct RetryConfiguration: Sendable, Hashable, Decodable {
    package var maxAttempts: Int = 4
    package var baseDelayMilliseconds: Int = 500
    package var maxDelaySeconds: Double = 30

    enum CodingKeys: String, CodingKey, CaseIterable {
        case maxAttempts = "max_attempts"
        case baseDelayMilliseconds = "base_delay_ms"
        case maxDelaySeconds = "max_delay_seconds"
    }

    package init() {}

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        maxAttempts = try container.decodeIfPresent(Int.self, forKey: CodingKeys.maxAttempts.rawValue, in: 1...20) ?? maxAttempts
        baseDelayMilliseconds = try container.decodeIfPresent(
            Int.self, forKey: CodingKeys.baseDelayMilliseconds.rawValue, in: 1...600_000) ?? baseDelayMilliseconds
        maxDelaySeconds = try container.decodeIfPresent(
            Double.self, forKey: CodingKeys.maxDelaySeconds.rawValue, aboveZeroUpTo: 3600) ?? maxDelaySeconds
    }
}

package struct TLSConfiguration: Sendable, Hashable, Decodable {
    package var caFile: String?
    package var clientCertificateFile: String?
    package var clientKeyFile: String?
    /// Explicit opt-out of certificate verification; never the default.
    package var insecureSkipVerify: Bool = false

    enum CodingKeys: String, CodingKey, CaseIterable {
        case caFile = "ca_file"
        case clientCertificateFile = "client_certificate_file"
        case clientKeyFile = "client_key_file"
        case insecureSkipVerify = "insecure_skip_verify"
    }

    package init() {}

    package init(from decoder: any Decoder) throws {
        try decoder.container(keyedBy: AnyCodingKey.self).rejectUnknownKeys(allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        caFile = try container.decodeIfPresent(String.self, forKey: .caFile)
        clientCertificateFile = try container.decodeIfPresent(String.self, forKey: .clientCertificateFile)
        clientKeyFile = try container.decodeIfPresent(String.self, forKey: .clientKeyFile)
        insecureSkipVerify = try container.decodeIfPresent(Bool.self, forKey: .insecureSkipVerify) ?? false
    }
}

/// Who dirbridge is at the vendor. Which entries are required depends on the vendor.
package struct CredentialsConfiguration: Sendable, Hashable, Decodable {
    package var username: String?
    package var password: SecretReference?
    package var token: SecretReference?
    package var providerId: SecretReference?
    package var integrationKey: SecretReference?

    static let keys: Set<String> = [
        "username", "password_env", "password_file", "token_env", "token_file",
        "provider_id_env", "provider_id_file", "integration_key_env", "integration_key_file",
    ]

    package init() {}

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys)
        username = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("username"))
        password = try SecretReference.decode("password", from: container, makeKey: AnyCodingKey.init(stringValue:))
        token = try SecretReference.decode("token", from: container, makeKey: AnyCodingKey.init(stringValue:))
        providerId = try SecretReference.decode("provider_id", from: container, makeKey: AnyCodingKey.init(stringValue:))
        integrationKey = try SecretReference.decode("integration_key", from: container, makeKey: AnyCodingKey.init(stringValue:))
    }
}

/// Vendor-specific settings beyond the common ones.
package struct VendorOptions: Sendable, Hashable, Decodable {
    /// Aria Operations: the auth source users are imported into (required there).
    package var authSourceId: String?
    /// Aria Operations: the auth source dirbridge's own account logs in with.
    package var loginAuthSource: String?
    /// Aria Operations: `OpsToken` (8.x) or `vRealizeOpsToken` (older releases).
    package var tokenScheme: String?
    /// Aria Operations: API path prefix, default `/suite-api/api`.
    package var apiPrefix: String?
    /// Requestor: `basic` (username + password) or `bearer` (token).
    package var auth: String?
    /// Sertica: also send a SignOff date when disabling.
    package var signOffOnDisable: Bool = false
    /// Forms On Fire: find existing users by `email` (default) or `external_id`.
    package var lookupBy: String?
    /// Forms On Fire: where DELETE carries its parameters, `body`, `query` or `both` (default).
    package var deleteParameters: String?
    /// Requestor: the property that marks a disabled user (`true` = disabled), default `Disabled`.
    /// Not documented by the vendor; `active_property` names one with the opposite sense instead.
    package var disabledProperty: String?
    /// Requestor: a property where `true` means active (e.g. `IsActive`), instead of `disabled_property`.
    package var activeProperty: String?
    /// Requestor: `Force` of `DeleteRequestorUser`; what Requestor keeps without it is not documented.
    package var forceDelete: Bool = false

    static let keys: Set<String> = [
        "auth_source_id", "login_auth_source", "token_scheme", "api_prefix", "auth", "sign_off_on_disable", "lookup_by",
        "delete_parameters", "disabled_property", "active_property", "force_delete",
    ]

    package init() {}

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys)
        authSourceId = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("auth_source_id"))
        loginAuthSource = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("login_auth_source"))
        tokenScheme = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("token_scheme"))
        apiPrefix = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("api_prefix"))
        auth = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("auth"))
        signOffOnDisable = try container.decodeIfPresent(Bool.self, forKey: AnyCodingKey("sign_off_on_disable")) ?? false
        lookupBy = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("lookup_by"))
        deleteParameters = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("delete_parameters"))
        disabledProperty = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("disabled_property"))
        activeProperty = try container.decodeIfPresent(String.self, forKey: AnyCodingKey("active_property"))
        forceDelete = try container.decodeIfPresent(Bool.self, forKey: AnyCodingKey("force_delete")) ?? false
    }
}

extension TargetConfiguration: Decodable {
    static let keys: Set<String> = [
        "name", "vendor", "base_url", "mapping", "deprovision", "batch_size", "concurrency", "max_concurrency", "rate_limit", "retry",
        "timeout_seconds", "connect_timeout_seconds", "tls", "proxy", "http_version", "credentials", "options",
        "allow_insecure_http", "adopt",
    ]

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        try container.rejectUnknownKeys(allowed: Self.keys)
        func key(_ name: String) -> AnyCodingKey { AnyCodingKey(name) }
        name = try container.decode(String.self, forKey: key("name"))
        let vendorName = try container.decode(String.self, forKey: key("vendor"))
        guard let vendor = VendorKind(rawValue: vendorName) else {
            throw DecodingError.dataCorruptedError(
                forKey: key("vendor"), in: container,
                debugDescription: "unknown vendor '\(vendorName)'; expected one of \(VendorKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self.vendor = vendor
        baseURL = try container.decode(String.self, forKey: key("base_url"))
        guard baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://") else {
            throw DecodingError.dataCorruptedError(
                forKey: key("base_url"), in: container, debugDescription: "base_url must start with https:// or http://")
        }
        mappingPath = try container.decode(String.self, forKey: key("mapping"))
        deprovision = try container.decodeIfPresent(DeprovisionPolicy.self, forKey: key("deprovision"))
        adopt = try container.decodeIfPresent(AdoptionPolicy.self, forKey: key("adopt")) ?? .match
        batchSize = try container.decodeIfPresent(Int.self, forKey: "batch_size", in: 1...10_000)
        concurrency = try container.decodeIfPresent(Int.self, forKey: "concurrency", in: 1...256) ?? 4
        maxConcurrency = try container.decodeIfPresent(Int.self, forKey: "max_concurrency", in: 1...256) ?? max(32, concurrency)
        guard maxConcurrency >= concurrency else {
            throw DecodingError.dataCorruptedError(
                forKey: key("max_concurrency"), in: container,
                debugDescription: "max_concurrency (\(maxConcurrency)) must be at least concurrency (\(concurrency))")
        }
        rateLimit = try container.decodeIfPresent(RateLimitConfiguration.self, forKey: key("rate_limit"))
        retry = try container.decodeIfPresent(RetryConfiguration.self, forKey: key("retry")) ?? RetryConfiguration()
        timeoutSeconds = try container.decodeIfPresent(Double.self, forKey: "timeout_seconds", aboveZeroUpTo: 3600) ?? 60
        connectTimeoutSeconds = try container.decodeIfPresent(Double.self, forKey: "connect_timeout_seconds", aboveZeroUpTo: 600) ?? 10
        tls = try container.decodeIfPresent(TLSConfiguration.self, forKey: key("tls")) ?? TLSConfiguration()
        proxy = try container.decodeIfPresent(String.self, forKey: key("proxy"))
        let versionText = try container.decodeIfPresent(String.self, forKey: key("http_version")) ?? HTTPVersionSetting.http2.rawValue
        guard let httpVersion = HTTPVersionSetting(rawValue: versionText) else {
            throw DecodingError.dataCorruptedError(
                forKey: key("http_version"), in: container,
                debugDescription: "unknown http_version '\(versionText)'; expected one of \(HTTPVersionSetting.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "))")
        }
        self.httpVersion = httpVersion
        credentials = try container.decodeIfPresent(CredentialsConfiguration.self, forKey: key("credentials")) ?? CredentialsConfiguration()
        options = try container.decodeIfPresent(VendorOptions.self, forKey: key("options")) ?? VendorOptions()
        allowInsecureHTTP = try container.decodeIfPresent(Bool.self, forKey: key("allow_insecure_http")) ?? false
        if sendsCredentialsInClearText, !allowInsecureHTTP {
            throw DecodingError.dataCorruptedError(
                forKey: key("base_url"), in: container,
                debugDescription: "base_url is http:// and the target has credentials, which would cross the network in clear text; "
                    + "use https://, or set allow_insecure_http: true on this target to accept that (e.g. a test server on this host)")
        }
    }
}
