#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Secrets that arrive in environment variables (`password_env`, `token_env`, …) are taken out of
/// the process environment once the configuration names them: no child process inherits them,
/// and nothing that dumps the environment later shows them. The values stay here, in memory only.
package enum SecretEnvironment {
    private static let vault = Mutex<[String: String]>([:])

    /// Moves the variables `names` from the process environment into the vault.
    package static func take(_ names: some Sequence<String>) {
        vault.withLock { vault in
            for name in names {
                guard let value = getenv(name) else { continue }
                vault[name] = String(cString: value)
                unsetenv(name)
            }
        }
    }

    /// The variable's value: from the environment if it is still there, else from the vault.
    package static func value(_ name: String, in environment: [String: String]) -> String? {
        environment[name] ?? vault.withLock { $0[name] }
    }
}
