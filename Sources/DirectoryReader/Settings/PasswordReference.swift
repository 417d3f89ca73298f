import DirBridgeCore
import Foundation

/// Where a bind password is kept. The configuration names the place; the secret itself is read
/// only when connecting and is never logged or stored in settings.
public enum PasswordReference: Sendable, Equatable {
    /// The value of an environment variable.
    case environment(String)
    /// The contents of a file, without a trailing newline.
    case file(String)

    /// Reads the secret now.
    func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws(LDAPError) -> String {
        switch self {
        case .environment(let name):
            guard let value = SecretEnvironment.value(name, in: environment), !value.isEmpty else {
                throw LDAPError(.missingPassword, operation: "resolve bind password",
                                context: "environment variable \(name) is not set or empty")
            }
            return value
        case .file(let configured):
            let path = SecretFilePath.expanded(configured, environment: environment)
            let contents: String
            do {
                contents = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw LDAPError(.missingPassword, operation: "resolve bind password",
                                context: "cannot read password file \(path): \(error.localizedDescription)")
            }
            let value = contents.hasSuffix("\r\n") ? String(contents.dropLast(2))
                : contents.hasSuffix("\n") ? String(contents.dropLast()) : contents
            guard !value.isEmpty else {
                throw LDAPError(.missingPassword, operation: "resolve bind password",
                                context: "password file \(path) is empty")
            }
            return value
        }
    }
}
