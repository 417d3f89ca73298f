import DirBridgeCore

/// Loads one `mappings/<vendor>.yaml` and checks it against the vendor's built-in schema, so a
/// wrong mapping stops the load (naming file, line and field) instead of rejecting every user.
package enum MappingFile {
    /// The mapping in `path`. Fails on unreadable or invalid YAML, a rule that does not compile
    /// (unknown transform or source, bad template, unknown vendor), a field the vendor does not
    /// declare or forbids, and a vendor-required field without a rule. Every schema problem is
    /// reported in one error, the first one located.
    package static func load(path: String) throws(ConfigurationError) -> Mapping {
        let (mapping, root) = try YAMLFileDecoder().decodeDocument(Mapping.self, fromFile: path)
        let schema = VendorSchema.builtIn(mapping.vendor)
        let problems = SchemaValidator.problems(in: mapping, against: schema)
            .map { suggestingField(for: $0, in: schema) }
            .map { YAMLFileDecoder.locate($0, in: root, file: path) }
            .sorted { ($0.line ?? 0, $0.keyPath) < ($1.line ?? 0, $1.keyPath) }
        guard var error = problems.first else { return mapping }
        if problems.count > 1 {
            error.message += "; also " + problems.dropFirst().map { "line \($0.line.map(String.init) ?? "?") (\($0.keyPath)): \($0.message)" }
                .joined(separator: "; ")
        }
        throw error
    }

    /// A field the vendor does not declare is a key of `fields:` like any other: offer the
    /// declared field it most likely misspells (`emailAdress` → `emailAddress`).
    private static func suggestingField(for problem: MappingDecodeError, in schema: VendorSchema) -> MappingDecodeError {
        guard let field = problem.field, problem.codingPath == ["fields", field], schema[field] == nil,
              schema.forbiddenFields[field] == nil,
              let guess = UnknownKey.closest(to: field, among: schema.fields.map(\.name))
        else { return problem }
        var suggesting = problem
        suggesting.reason += "; did you mean '\(guess)'?"
        return suggesting
    }
}
