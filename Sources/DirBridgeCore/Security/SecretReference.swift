import Foundation

/// Where a credential is kept — the directory's bind password, a vendor's token: the
/// configuration names the place (`<key>_env` or `<key>_file`), never the value, so config files
/// can be committed and logged without leaking anything.
package enum SecretReference: Sendable, Hashable {
    case environment(String)
    case file(String)

    /// Reads the secret now. The error names the place, never the value.
    package func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(SecretResolutionError) -> Secret {
        switch self {
        case .environment(let name):
            guard let value = SecretEnvironment.value(name, in: environment), !value.isEmpty else {
                throw SecretResolutionError(reference: self, reason: "environment variable \(name) is not set or empty")
            }
            return Secret(value)
        case .file(let configured):
            let path = SecretFilePath.expanded(configured, environment: environment)
            guard let contents = FileManager.default.contents(atPath: path), let text = String(data: contents, encoding: .utf8) else {
                throw SecretResolutionError(reference: self, reason: "cannot read secret file \(path)")
            }
            // Files written by editors or `echo` end with a newline that is not part of the secret.
            let value = text.hasSuffix("\r\n") ? String(text.dropLast(2)) : text.hasSuffix("\n") ? String(text.dropLast()) : text
            guard !value.isEmpty else {
                throw SecretResolutionError(reference: self, reason: "secret file \(path) is empty")
            }
            return Secret(value)
        }
    }
}

/// A referenced secret that could not be read.
package struct SecretResolutionError: Error, Sendable, CustomStringConvertible {
    package var reference: SecretReference
    package var reason: String
    package var description: String { reason }
}
