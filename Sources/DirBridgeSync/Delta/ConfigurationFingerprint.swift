import DirBridgeConfig
import DirBridgeCore
import Foundation

/// A digest of everything besides the directory that decides a plan: the configuration file,
/// every target's mapping file, and how this build computes payloads. A delta read is only
/// equivalent to a full read while it is unchanged: the users a delta does not read were
/// planned with it.
enum ConfigurationFingerprint {
    /// Bumped when a change to dirbridge itself could change a payload or a plan: the delta
    /// cursors of older builds are then unused (mapping memos are tied to the build itself,
    /// `BuildIdentity`). 2: an account past its end date (`account_expiry`) is disabled.
    static let planningRevision = "dirbridge-plan-2"

    static func of(_ configuration: LoadedConfiguration) -> String {
        var bytes = Array(planningRevision.utf8)
        func add(_ path: String) {
            bytes += Array(path.utf8) + [0]
            // An unreadable file gets a digest no run can repeat: the next run reads whole.
            bytes += (FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? Array(UUID().uuidString.utf8)) + [0]
        }
        add(configuration.path)
        for target in configuration.configuration.targets.sorted(by: { $0.name < $1.name }) {
            add(target.mappingPath)
        }
        return SHA256.hexDigest(of: bytes)
    }
}
