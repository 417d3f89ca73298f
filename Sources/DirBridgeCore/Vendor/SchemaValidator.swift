/// Checks mapped users (and mappings) against a vendor schema. It never repairs a value:
/// truncation happens only where a mapping asks for it.
package enum SchemaValidator {
    /// Every violation of one user, in field order; empty when the user may be sent.
    package static func validate(_ user: TargetUser, against schema: VendorSchema) -> [Rejection] {
        var rejections: [Rejection] = []
        func reject(_ field: String, _ reason: String) {
            rejections.append(Rejection(anchor: user.anchor, dn: user.dn, field: field, reason: reason))
        }
        for name in schema.requiredFields where user.payload[name].map(\.isEmpty) ?? true {
            reject(name, "required field \(name) is missing")
        }
        // Unordered pass (this runs for every user); only a failing user pays for sorting.
        var problems: [(field: String, reason: String)] = []
        for (name, value) in user.payload.fields {
            if let problem = problem(with: value, forField: name, in: schema) { problems.append((name, problem)) }
        }
        for problem in problems.sorted(by: { CanonicalJSONWriter.utf8Precedes($0.field, $1.field) }) {
            reject(problem.field, problem.reason)
        }
        return rejections
    }

    /// Load-time problems of a mapping for a schema: unknown or forbidden fields, required
    /// fields without a rule, wrong vendor. `check` reports these before any user is read.
    package static func problems(in mapping: Mapping, against schema: VendorSchema) -> [MappingDecodeError] {
        var problems: [MappingDecodeError] = []
        if mapping.vendor != schema.vendor {
            problems.append(MappingDecodeError(field: nil, codingPath: ["vendor"], reason: "mapping is for \(mapping.vendor.rawValue), schema is \(schema.vendor.rawValue)"))
        }
        for name in mapping.orderedFields.map(\.name) {
            if let why = schema.forbiddenFields[name] {
                problems.append(MappingDecodeError(field: name, codingPath: ["fields", name], reason: "must never be sent: \(why)"))
            } else if schema[name] == nil {
                let known = schema.fields.map(\.name).joined(separator: ", ")
                problems.append(MappingDecodeError(field: name, codingPath: ["fields", name], reason: "not a \(schema.vendor.rawValue) field; known fields: \(known)"))
            }
        }
        for spec in schema.fields where spec.required && mapping.fields[spec.name] == nil {
            problems.append(MappingDecodeError(field: spec.name, codingPath: ["fields"], reason: "required by \(schema.vendor.rawValue) but not mapped"))
        }
        return problems
    }

    /// The reason `value` may not be sent as `name`, or nil.
    static func problem(with value: FieldValue, forField name: String, in schema: VendorSchema) -> String? {
        if let spec = schema[name] { return problem(with: value, for: spec) }
        return undeclaredFieldReason(name, in: schema)
    }

    static func undeclaredFieldReason(_ name: String, in schema: VendorSchema) -> String {
        if let why = schema.forbiddenFields[name] {
            return "\(name) must never be sent to \(schema.vendor.rawValue): \(why)"
        }
        return "\(name) is not a \(schema.vendor.rawValue) field"
    }

    static func problem(with value: FieldValue, for spec: FieldSpec) -> String? {
        switch (spec.type, value) {
        case (.string, .string(let text)):
            if let limit = spec.maxLength, FieldLength.of(text) > limit {
                return "\(spec.name) is \(FieldLength.of(text)) characters, limit is \(limit)"
            }
            if let allowed = spec.allowedValues, !allowed.contains(text) {
                return "\(spec.name) must be one of \(allowed.joined(separator: ", ")), got '\(text)'"
            }
            return nil
        case (.bool, .bool), (.int, .int):
            return nil
        case (.date, .string(let text)):
            return isISO8601WithOffset(text) ? nil : "\(spec.name) must be an ISO-8601 date-time with offset (2026-01-11T09:34:47+02:00), got '\(text)'"
        case (.list, .list(let elements)):
            return elements.allSatisfy({ if case .string = $0 { true } else { false } }) ? nil : "\(spec.name) must be a list of text values, got \(value)"
        case (.objectList(let keys), .list(let elements)):
            for element in elements {
                guard case .object(let members) = element, keys.allSatisfy({ !(members[$0]?.isEmpty ?? true) }) else {
                    return "\(spec.name) must be a list of objects with \(keys.joined(separator: ", ")), got \(element)"
                }
            }
            return nil
        default:
            return "\(spec.name) must be \(describe(spec.type)), got \(describe(value))"
        }
    }

    private static func describe(_ type: FieldType) -> String {
        switch type {
        case .string: "text"
        case .bool: "a bool"
        case .int: "an integer"
        case .date: "an ISO-8601 date-time"
        case .list: "a list of text values"
        case .objectList(let keys): "a list of objects with \(keys.joined(separator: ", "))"
        }
    }

    private static func describe(_ value: FieldValue) -> String {
        switch value {
        case .string(let text): "text '\(text)'"
        case .bool(let flag): "bool \(flag)"
        case .int(let number): "integer \(number)"
        default: value.description
        }
    }

    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    static func isISO8601WithOffset(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= bytes.count && bytes[range].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
        }
        func byte(_ at: Int, is character: Character) -> Bool { at < bytes.count && bytes[at] == character.asciiValue }
        guard digits(0..<4), byte(4, is: "-"), digits(5..<7), byte(7, is: "-"), digits(8..<10), byte(10, is: "T"),
              digits(11..<13), byte(13, is: ":"), digits(14..<16), byte(16, is: ":"), digits(17..<19) else { return false }
        var index = 19
        if byte(index, is: ".") {
            index += 1
            let start = index
            while digits(index..<index + 1) { index += 1 }
            guard index > start else { return false }
        }
        if byte(index, is: "Z") { return index + 1 == bytes.count }
        guard byte(index, is: "+") || byte(index, is: "-") else { return false }
        return digits(index + 1..<index + 3) && byte(index + 3, is: ":") && digits(index + 4..<index + 6) && index + 6 == bytes.count
    }
}
