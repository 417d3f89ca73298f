/// The fields one vendor's import API accepts: checked before sending (several of these APIs
/// give no per-user error), and used by reports to mask secrets.
package struct VendorSchema: Hashable, Sendable {
    package let vendor: VendorKind
    package let fields: [FieldSpec]
    /// The vendor-side identity used to look a user up (pending creates, conflicts), in order of
    /// preference: the first one present in a payload is used.
    package let naturalKeys: [String]
    /// Fields the vendor keeps unique across its users (compared case-insensitively): two
    /// directory users with the same value would end up in one account.
    package let uniqueKeys: [String]
    /// Field names a mapping must never produce, with the reason: doc glitches the vendor
    /// rejects, or ids the connector owns.
    package let forbiddenFields: [String: String]
    /// Names of the required fields, in declaration order.
    package let requiredFields: [String]
    private let specByName: [String: FieldSpec]

    package init(
        vendor: VendorKind, fields: [FieldSpec], naturalKeys: [String], uniqueKeys: [String]? = nil,
        forbiddenFields: [String: String] = [:]
    ) {
        self.vendor = vendor
        self.fields = fields
        self.naturalKeys = naturalKeys
        self.uniqueKeys = uniqueKeys ?? naturalKeys
        self.forbiddenFields = forbiddenFields
        requiredFields = fields.filter(\.required).map(\.name)
        specByName = Dictionary(uniqueKeysWithValues: fields.map { ($0.name, $0) })
        precondition(forbiddenFields.keys.allSatisfy { specByName[$0] == nil }, "a field cannot be both declared and forbidden")
    }

    package static func == (lhs: VendorSchema, rhs: VendorSchema) -> Bool {
        lhs.vendor == rhs.vendor && lhs.fields == rhs.fields && lhs.naturalKeys == rhs.naturalKeys
            && lhs.uniqueKeys == rhs.uniqueKeys && lhs.forbiddenFields == rhs.forbiddenFields
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(vendor)
        hasher.combine(fields)
    }

    package subscript(field: String) -> FieldSpec? { specByName[field] }

    /// Names of the fields to mask.
    package var secretFields: Set<String> { Set(fields.filter(\.secret).map(\.name)) }

    /// The natural key value of a payload: the first of `naturalKeys` it carries.
    package func naturalKey(of payload: TargetPayload) -> (field: String, value: String)? {
        for name in naturalKeys {
            if case .string(let value)? = payload[name], !value.isEmpty { return (name, value) }
        }
        return nil
    }
}
