/// The managed fields dirbridge sends for one user to one target, keyed by vendor field name.
///
/// Its `canonicalJSON` (sorted keys) is what gets hashed and stored, so that two runs producing
/// the same fields produce the same hash regardless of dictionary order.
package struct TargetPayload: Hashable, Sendable, Codable {
    package var fields: [String: FieldValue]

    package init(_ fields: [String: FieldValue] = [:]) {
        self.fields = fields
    }

    package subscript(field: String) -> FieldValue? {
        get { fields[field] }
        set { fields[field] = newValue }
    }

    package init(from decoder: any Decoder) throws {
        fields = try decoder.singleValueContainer().decode([String: FieldValue].self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(fields)
    }
}
