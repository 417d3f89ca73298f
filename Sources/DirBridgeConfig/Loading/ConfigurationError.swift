/// A configuration or mapping file that cannot be used, located as precisely as the YAML allows
/// so that an administrator can fix it without guessing.
package struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    package enum Code: String, Sendable {
        case unreadable
        case invalidYAML
        case missingKey
        case wrongType
        case invalidValue
    }

    package var code: Code
    package var file: String
    /// 1-based line of the offending node, when known.
    package var line: Int?
    /// Dotted path of keys from the document root, e.g. `targets[2].mapping`.
    package var keyPath: String
    package var message: String

    package init(code: Code, file: String, line: Int? = nil, keyPath: String = "", message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    package var description: String {
        var location = file
        if let line { location += ":\(line)" }
        let key = keyPath.isEmpty ? "" : " (\(keyPath))"
        return "\(location)\(key): \(message)"
    }
}
