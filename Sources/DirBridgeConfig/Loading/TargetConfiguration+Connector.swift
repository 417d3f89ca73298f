import Connectors
import DirBridgeCore
import Foundation
import HTTPTransport

extension TargetConfiguration {
    /// The connector's settings with every referenced secret read now. A missing credential is
    /// an error naming the target and the key, never the value.
    package func connectorSettings(environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> ConnectorSettings
    {
        ConnectorSettings(
            target: name, baseURL: baseURL, batchSize: batchSize, concurrency: concurrency, maxConcurrency: maxConcurrency,
            rateLimit: rateLimit.map { RateLimit(requestsPerSecond: $0.requestsPerSecond, burst: $0.burst) },
            retry: RetryPolicy(
                maxAttempts: retry.maxAttempts, baseDelay: .milliseconds(retry.baseDelayMilliseconds),
                maxDelay: .milliseconds(Int(retry.maxDelaySeconds * 1000))),
            // Each vendor request is bounded by the target's timeout, whatever the client's default.
            requestTimeout: .milliseconds(Int(timeoutSeconds * 1000)),
            deprovision: effectiveDeprovision ?? .ignore,
            vendor: try vendorSettings(environment: environment))
    }

    /// Transport settings of this target's HTTP client: TLS verification stays on unless the
    /// config opts out explicitly.
    package var httpClientSettings: HTTPClientSettings {
        let proxySetting: HTTPClientSettings.Proxy =
            switch proxy {
            case nil: .environment
            case "none": .none
            case let url?: .url(url, noProxy: nil)
            }
        return HTTPClientSettings(
            connectTimeout: .milliseconds(Int(connectTimeoutSeconds * 1000)),
            timeout: .milliseconds(Int(timeoutSeconds * 1000)),
            tls: .init(
                caFile: tls.caFile, clientCertificateFile: tls.clientCertificateFile, clientKeyFile: tls.clientKeyFile,
                insecureSkipVerify: tls.insecureSkipVerify),
            proxy: proxySetting,
            httpVersion: httpVersion == .http2 ? .http2 : .http1_1,
            maxConnections: max(maxConcurrency, 1))
    }

    private func vendorSettings(environment: [String: String]) throws(ConfigurationError) -> VendorSettings {
        switch vendor {
        case .sertica:
            return .sertica(SerticaSettings(
                username: try required(credentials.username, "credentials.username"),
                password: try secret(credentials.password, "credentials.password_env/_file", environment),
                signOffField: options.signOffOnDisable ? "SignOff" : nil))
        case .ariaOperations:
            var settings = AriaOperationsSettings(
                username: try required(credentials.username, "credentials.username"),
                password: try secret(credentials.password, "credentials.password_env/_file", environment),
                loginAuthSource: options.loginAuthSource,
                importSourceId: try required(options.authSourceId, "options.auth_source_id"))
            if let scheme = options.tokenScheme { settings.tokenScheme = scheme }
            if let prefix = options.apiPrefix { settings.apiPrefix = prefix }
            return .ariaOperations(settings)
        case .requestor:
            let auth: RequestorSettings.Auth
            switch options.auth ?? "bearer" {
            case "bearer":
                auth = .bearer(token: try secret(credentials.token, "credentials.token_env/_file", environment))
            case "basic":
                auth = .basic(
                    username: try required(credentials.username, "credentials.username"),
                    password: try secret(credentials.password, "credentials.password_env/_file", environment))
            case let other:
                throw problem("options.auth", "unknown Requestor auth '\(other)'; use basic or bearer")
            }
            var settings = RequestorSettings(auth: auth, forceDelete: options.forceDelete)
            switch (options.disabledProperty, options.activeProperty) {
            case (let disabled?, nil): settings.accessField = .disabledFlag(disabled)
            case (nil, let active?): settings.accessField = .activeFlag(active)
            case (nil, nil): break
            case (_?, _?): throw problem("options.active_property", "set either disabled_property or active_property, not both")
            }
            return .requestor(settings)
        case .expoints:
            return .expoints(ExpointsSettings(token: try secret(credentials.token, "credentials.token_env/_file", environment)))
        case .formsOnFire:
            let providerId = try secret(credentials.providerId, "credentials.provider_id_env/_file", environment)
            let integrationKey = try secret(credentials.integrationKey, "credentials.integration_key_env/_file", environment)
            var settings = FormsOnFireSettings(providerId: providerId, integrationKey: integrationKey)
            switch options.lookupBy ?? "email" {
            case "email": break
            case "external_id":
                settings.lookupField = "ExternalId"
                settings.lookupParameter = "externalId"
            case let other:
                throw problem("options.lookup_by", "unknown lookup '\(other)'; use email or external_id")
            }
            if let place = options.deleteParameters {
                guard let parameters = FormsOnFireSettings.DeleteParameters(rawValue: place) else {
                    throw problem("options.delete_parameters", "unknown place '\(place)'; use body, query or both")
                }
                settings.deleteParameters = parameters
            }
            return .formsOnFire(settings)
        }
    }

    private func required(_ value: String?, _ key: String) throws(ConfigurationError) -> String {
        guard let value, !value.isEmpty else { throw problem(key, "\(vendor.rawValue) needs \(key)") }
        return value
    }

    private func secret(_ reference: SecretReference?, _ key: String, _ environment: [String: String])
        throws(ConfigurationError) -> Secret
    {
        guard let reference else { throw problem(key, "\(vendor.rawValue) needs \(key)") }
        do {
            return try reference.resolve(environment: environment)
        } catch {
            throw problem(key, error.reason)
        }
    }

    private func problem(_ key: String, _ message: String) -> ConfigurationError {
        ConfigurationError(code: .invalidValue, file: "target '\(name)'", keyPath: key, message: message)
    }
}
