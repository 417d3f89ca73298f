/// A mapping that cannot be loaded: which field, where in the document, and why. The YAML
/// loader adds the file and line.
package struct MappingDecodeError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The target field whose rule is wrong; nil for document-level problems.
    package var field: String?
    /// Coding path from the document root, e.g. `["fields", "Name", "transforms", "1"]`.
    package var codingPath: [String]
    package var reason: String

    package init(field: String?, codingPath: [String], reason: String) {
        self.field = field
        self.codingPath = codingPath
        self.reason = reason
    }

    init(_ codingPath: [any CodingKey], _ reason: String) {
        self.init(field: nil, codingPath: codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }, reason: reason)
    }

    package var description: String {
        let location = codingPath.isEmpty ? "" : " (at \(codingPath.joined(separator: ".")))"
        if let field { return "field \(field)\(location): \(reason)" }
        return "mapping\(location): \(reason)"
    }
}
