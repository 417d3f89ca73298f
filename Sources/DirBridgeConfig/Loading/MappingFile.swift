import DirBridgeCore

/// Loads one `mappings/<vendor>.yaml` and checks it against the vendor's built-in schema, so a
/// wrong mapping stops the load (naming file, line and field) instead of rejecting every user.
public enum MappingFile {
    /// The mapping in `path`. Fails on unreadable or invalid YAML, a rule that does not compile
    /// (unknown transform or source, bad template, unknown vendor), a field the vendor does not
    /// declare or forbids, and a vendor-required field without a rule. Every schema problem is
    /// reported in one error, the first one located.
    public static func load(path: String) throws(ConfigurationError) -> Mapping {
        let (mapping, root) = try YAMLFileDecoder().decodeDocument(Mapping.self, fromFile: path)
        let problems = SchemaValidator.problems(in: mapping, against: .builtIn(mapping.vendor))
            .map { YAMLFileDecoder.locate($0, in: root, file: path) }
            .sorted { ($0.line ?? 0, $0.keyPath) < ($1.line ?? 0, $1.keyPath) }
        guard var error = problems.first else { return mapping }
        if problems.count > 1 {
            error.message += "; also " + problems.dropFirst().map { "line \($0.line.map(String.init) ?? "?") (\($0.keyPath)): \($0.message)" }
                .joined(separator: "; ")
        }
        throw error
    }
}
