/// One target's mapping: how each vendor field is built from a directory user. Declarative
/// data, decoded from `mappings/<vendor>.yaml`:
///
/// ```yaml
/// vendor: sertica
/// fields:
///   UserNo: { template: "{employeeNumber}", transforms: [trim], required: true }
///   Access: { source: enabled }
/// ```
/// Templates, regexes, dates and lookups are compiled while decoding, so a bad rule fails the
/// load with the field's name instead of failing 100,000 users at run time.
package struct Mapping: Hashable, Sendable {
    package let vendor: VendorKind
    package let fields: [String: FieldRule]
    /// Fields in UTF-8 byte order of their names: evaluation and error order are deterministic,
    /// and it is the canonical-JSON key order, so the mapper can serialise while it maps.
    let orderedFields: [FieldEvaluator]

    package init(vendor: VendorKind, fields: [String: FieldRule]) {
        self.vendor = vendor
        self.fields = fields
        orderedFields = fields.keys.sorted(by: CanonicalJSONWriter.utf8Precedes).map { FieldEvaluator(name: $0, rule: fields[$0]!) }
    }

    package static func == (lhs: Mapping, rhs: Mapping) -> Bool {
        lhs.vendor == rhs.vendor && lhs.fields == rhs.fields
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(vendor)
        hasher.combine(fields)
    }
}

extension Mapping: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case vendor, fields
    }

    package init(from decoder: any Decoder) throws {
        let root = try decoder.container(keyedBy: DynamicCodingKey.self)
        let known = CodingKeys.allCases.map(\.rawValue)
        for key in root.allKeys where !known.contains(key.stringValue) {
            throw MappingDecodeError(decoder.codingPath + [key], UnknownKey.message(key.stringValue, allowed: known))
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let vendorName = try container.decode(String.self, forKey: .vendor)
        guard let vendor = VendorKind(rawValue: vendorName) else {
            throw MappingDecodeError(decoder.codingPath + [CodingKeys.vendor], "unknown vendor '\(vendorName)'; expected one of \(VendorKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let fieldsContainer = try container.nestedContainer(keyedBy: DynamicCodingKey.self, forKey: .fields)
        var fields: [String: FieldRule] = [:]
        for key in fieldsContainer.allKeys {
            do {
                fields[key.stringValue] = try fieldsContainer.decode(FieldRule.self, forKey: key)
            } catch var error as MappingDecodeError {
                error.field = key.stringValue
                throw error
            } catch let error as DecodingError {
                throw MappingDecodeError(field: key.stringValue, decodingError: error)
            }
        }
        self.init(vendor: vendor, fields: fields)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(vendor, forKey: .vendor)
        try container.encode(fields, forKey: .fields)
    }
}

extension MappingDecodeError {
    /// A decoder's own error (wrong type, missing key) restated with the field it concerns.
    init(field: String, decodingError: DecodingError) {
        let context: DecodingError.Context
        switch decodingError {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .keyNotFound(_, let c), .dataCorrupted(let c): context = c
        @unknown default: context = DecodingError.Context(codingPath: [], debugDescription: "\(decodingError)")
        }
        var path = context.codingPath
        if case .keyNotFound(let key, _) = decodingError { path.append(key) }
        self.init(field: field, codingPath: path.map { $0.intValue.map(String.init) ?? $0.stringValue }, reason: context.debugDescription)
    }
}
