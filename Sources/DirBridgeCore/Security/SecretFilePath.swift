/// Where a secret file is, with systemd's `$CREDENTIALS_DIRECTORY` expanded: the same
/// `password_file: ${CREDENTIALS_DIRECTORY}/ldap-password` then works for every unit that loads
/// the credential, although each unit gets its own directory (/run/credentials/<unit>/).
package enum SecretFilePath {
    static let variable = "CREDENTIALS_DIRECTORY"

    /// Whether the path starts with the variable (it is not relative to the config file then).
    package static func isVariable(_ path: String) -> Bool {
        path.hasPrefix("${\(variable)}") || path.hasPrefix("$\(variable)")
    }

    package static func expanded(_ path: String, environment: [String: String]) -> String {
        for prefix in ["${\(variable)}", "$\(variable)"] where path.hasPrefix(prefix) {
            guard let directory = environment[variable], !directory.isEmpty else { return path }
            return directory + path.dropFirst(prefix.count)
        }
        return path
    }
}
