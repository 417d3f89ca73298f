/// A configuration or mapping file that cannot be used, located as precisely as the YAML allows
/// so that an administrator can fix it without guessing.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case unreadable
        case invalidYAML
        case missingKey
        case wrongType
        case invalidValue
    }

    public var code: Code
    public var file: String
    /// 1-based line of the offending node, when known.
    public var line: Int?
    /// Dotted path of keys from the document root, e.g. `targets[2].mapping`.
    public var keyPath: String
    public var message: String

    public init(code: Code, file: String, line: Int? = nil, keyPath: String = "", message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        let key = keyPath.isEmpty ? "" : " (\(keyPath))"
        return "\(location)\(key): \(message)"
    }
}
