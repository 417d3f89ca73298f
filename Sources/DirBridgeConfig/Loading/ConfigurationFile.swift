import Connectors
import DirBridgeCore
import DirectoryReader
import Foundation

/// Loads `dirbridge.yaml`: decodes it, resolves relative paths against the file's folder, loads
/// each target's mapping and refuses anything that could not run — before any directory read
/// or vendor call, with the file, line and key at fault.
package enum ConfigurationFile {
    /// The directory settings alone (`dirbridge read`): targets and mappings need not exist yet.
    package static func loadSource(path: String) throws(ConfigurationError) -> DirectorySourceSettings {
        var source = try YAMLFileDecoder().decode(SourceOnlyConfiguration.self, fromFile: path).source
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || SecretFilePath.isVariable(relative)
                ? relative : folder.appendingPathComponent(relative).standardizedFileURL.path
        }
        if case .file(let file) = source.password { source.password = .file(resolve(file)) }
        source.tls.caFile = source.tls.caFile.map(resolve)
        if case .environment(let name) = source.password { SecretEnvironment.take([name]) }
        return source
    }

    package static func load(path: String) throws(ConfigurationError) -> LoadedConfiguration {
        var configuration = try YAMLFileDecoder().decode(DirBridgeConfiguration.self, fromFile: path)
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        func resolve(_ relative: String) -> String {
            relative.hasPrefix("/") || SecretFilePath.isVariable(relative)
                ? relative : folder.appendingPathComponent(relative).standardizedFileURL.path
        }

        switch configuration.store.backend {
        case .sqlite(let path):
            configuration.store.backend = .sqlite(path: resolve(path))
        case .postgres(var postgres):
            if case .file(let file) = postgres.password { postgres.password = .file(resolve(file)) }
            postgres.caFile = postgres.caFile.map(resolve)
            configuration.store.backend = .postgres(postgres)
        }
        if case .file(let file) = configuration.source.password {
            configuration.source.password = .file(resolve(file))
        }
        configuration.source.tls.caFile = configuration.source.tls.caFile.map(resolve)

        var mappings: [String: Mapping] = [:]
        for (index, var target) in configuration.targets.enumerated() {
            let keyPath = "targets[\(index)]"
            target.mappingPath = resolve(target.mappingPath)
            target.tls.caFile = target.tls.caFile.map(resolve)
            target.tls.clientCertificateFile = target.tls.clientCertificateFile.map(resolve)
            target.tls.clientKeyFile = target.tls.clientKeyFile.map(resolve)
            target.credentials = target.credentials.resolvingFiles(with: resolve)

            guard let deprovision = target.effectiveDeprovision else {
                throw ConfigurationError(
                    code: .missingKey, file: path, keyPath: "\(keyPath).deprovision",
                    message: "target '\(target.name)' (\(target.vendor.rawValue)) needs an explicit deprovision policy: "
                        + allowedPolicies(target.vendor))
            }
            guard VendorSettings.supportedDeprovisionPolicies(for: target.vendor).contains(deprovision) else {
                throw ConfigurationError(
                    code: .invalidValue, file: path, keyPath: "\(keyPath).deprovision",
                    message: "deprovision '\(deprovision.rawValue)' is not possible with \(target.vendor.rawValue): "
                        + allowedPolicies(target.vendor))
            }

            let mapping = try MappingFile.load(path: target.mappingPath)
            guard mapping.vendor == target.vendor else {
                throw ConfigurationError(
                    code: .invalidValue, file: path, keyPath: "\(keyPath).mapping",
                    message: "target '\(target.name)' is \(target.vendor.rawValue) but \(target.mappingPath) maps for \(mapping.vendor.rawValue)")
            }
            mappings[target.name] = mapping
            configuration.targets[index] = target
        }
        SecretEnvironment.take(configuration.secretEnvironmentVariables)
        return LoadedConfiguration(path: path, configuration: configuration, mappings: mappings)
    }

    private static func allowedPolicies(_ vendor: VendorKind) -> String {
        "use one of " + VendorSettings.supportedDeprovisionPolicies(for: vendor).map(\.rawValue).sorted().joined(separator: ", ")
    }
}

extension CredentialsConfiguration {
    func resolvingFiles(with resolve: (String) -> String) -> CredentialsConfiguration {
        func fix(_ reference: SecretReference?) -> SecretReference? {
            guard case .file(let file)? = reference else { return reference }
            return .file(resolve(file))
        }
        var copy = self
        copy.password = fix(password)
        copy.token = fix(token)
        copy.providerId = fix(providerId)
        copy.integrationKey = fix(integrationKey)
        return copy
    }
}

extension DirBridgeConfiguration {
    /// Every environment variable the configuration reads a secret from.
    var secretEnvironmentVariables: Set<String> {
        var names: Set<String> = []
        if case .environment(let name)? = source.password { names.insert(name) }
        for target in targets {
            for reference in [target.credentials.password, target.credentials.token, target.credentials.providerId,
                              target.credentials.integrationKey] {
                if case .environment(let name)? = reference { names.insert(name) }
            }
        }
        return names
    }
}
