import DirBridgeCore
import DirectoryReader
import Foundation

/// A configuration file read, checked and ready to run: relative paths resolved against the
/// file's folder, every target's mapping loaded and checked against its vendor's schema.
package struct LoadedConfiguration: Sendable {
    package var path: String
    package var configuration: DirBridgeConfiguration
    /// Mapping per target name.
    package var mappings: [String: Mapping]

    /// The store's file path, or its PostgreSQL URL (without password).
    package var storeLocation: String { configuration.store.location }

    /// The diff policy of one target: its deprovisioning plus the global safety limits.
    package func policy(for target: TargetConfiguration) -> SyncPolicy {
        SyncPolicy(deprovision: target.effectiveDeprovision ?? .ignore, safety: configuration.safety)
    }

    /// Targets selected by `--target` (all when nil); an unknown name is an error naming the known ones.
    package func targets(named name: String?) throws(ConfigurationError) -> [TargetConfiguration] {
        guard let name else { return configuration.targets }
        guard let target = configuration.target(named: name) else {
            throw ConfigurationError(
                code: .invalidValue, file: path, keyPath: "targets",
                message: "no target named '\(name)'; configured: \(configuration.targets.map(\.name).joined(separator: ", "))")
        }
        return [target]
    }
}
