/// The JSON shape a vendor expects for one field.
package enum FieldType: Hashable, Sendable {
    case string
    case bool
    case int
    /// ISO-8601 date-time with an offset or `Z` (`2026-01-11T09:34:47+02:00`), sent as a string.
    case date
    /// A list of strings.
    case list
    /// A list of objects, each carrying at least `keys` (Expoints `Roles: [{"Id": …}]`).
    case objectList(keys: [String])
}

/// One field a vendor accepts, as its documentation declares it.
package struct FieldSpec: Hashable, Sendable {
    package var name: String
    package var type: FieldType
    package var required: Bool
    /// In characters as .NET counts them (UTF-16 code units): these APIs are ASP.NET.
    package var maxLength: Int?
    package var allowedValues: [String]?
    /// Masked in reports and logs.
    package var secret: Bool

    package init(_ name: String, _ type: FieldType = .string, required: Bool = false, maxLength: Int? = nil,
                allowedValues: [String]? = nil, secret: Bool = false) {
        self.name = name
        self.type = type
        self.required = required
        self.maxLength = maxLength
        self.allowedValues = allowedValues
        self.secret = secret
    }
}
