extension FieldRule: Codable {
    private static let sourceKeys = ["template", "attribute", "source", "constant"]
    private static let knownKeys = sourceKeys + ["transforms", "lookup", "multiple", "objectKey", "default", "required"]
    private static let sourceNames: [String: Source] = ["enabled": .enabled, "dn": .dn, "anchor": .anchor, "groups": .groups]

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        let path = decoder.codingPath
        for key in container.allKeys where !Self.knownKeys.contains(key.stringValue) {
            throw MappingDecodeError(path + [key], UnknownKey.message(key.stringValue, allowed: Self.knownKeys))
        }
        let given = Self.sourceKeys.filter { container.contains(DynamicCodingKey($0)) }
        guard given.count == 1, let sourceKey = given.first.map(DynamicCodingKey.init) else {
            let problem = given.isEmpty ? "has no source" : "has more than one source (\(given.joined(separator: ", ")))"
            throw MappingDecodeError(path, "\(problem); give exactly one of \(Self.sourceKeys.joined(separator: ", "))")
        }

        switch sourceKey.stringValue {
        case "template":
            let text = try container.decode(String.self, forKey: sourceKey)
            do {
                source = .template(try Template(parsing: text))
            } catch {
                throw MappingDecodeError(path + [sourceKey], error.description)
            }
        case "attribute":
            source = .attribute(try container.decode(String.self, forKey: sourceKey).lowercased())
        case "source":
            let name = try container.decode(String.self, forKey: sourceKey)
            guard let known = Self.sourceNames[name] else {
                throw MappingDecodeError(path + [sourceKey], "unknown source '\(name)'; expected one of \(Self.sourceNames.keys.sorted().joined(separator: ", "))")
            }
            source = known
        default:
            source = .constant(try container.decode(FieldValue.self, forKey: sourceKey))
        }

        transforms = try container.decodeIfPresent([Transform].self, forKey: DynamicCodingKey("transforms")) ?? []
        let defaultValue = try container.decodeIfPresent(FieldValue.self, forKey: DynamicCodingKey("default"))
        if container.contains(DynamicCodingKey("lookup")) {
            let lookup = ValueLookup(
                entries: try container.decode(LookupTable.self, forKey: DynamicCodingKey("lookup")).entries,
                multiple: try container.decodeIfPresent(ValueLookup.Multiple.self, forKey: DynamicCodingKey("multiple")) ?? .list,
                objectKey: try container.decodeIfPresent(String.self, forKey: DynamicCodingKey("objectKey")),
                defaultValue: defaultValue
            )
            transforms.insert(.lookup(lookup), at: 0)
        } else {
            for key in ["multiple", "objectKey"] where container.contains(DynamicCodingKey(key)) {
                throw MappingDecodeError(path + [DynamicCodingKey(key)], "'\(key)' only applies together with 'lookup'")
            }
            if let defaultValue { transforms.append(.defaultValue(defaultValue)) }
        }
        required = try container.decodeIfPresent(Bool.self, forKey: DynamicCodingKey("required")) ?? false
    }

    /// Encodes the normalised form: shorthand lookups and defaults appear as transforms.
    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicCodingKey.self)
        switch source {
        case .template(let template): try container.encode(template.source, forKey: DynamicCodingKey("template"))
        case .attribute(let name): try container.encode(name, forKey: DynamicCodingKey("attribute"))
        case .constant(let value): try container.encode(value, forKey: DynamicCodingKey("constant"))
        case .enabled, .dn, .anchor, .groups:
            let name = Self.sourceNames.first { $0.value == source }!.key
            try container.encode(name, forKey: DynamicCodingKey("source"))
        }
        if !transforms.isEmpty { try container.encode(transforms, forKey: DynamicCodingKey("transforms")) }
        if required { try container.encode(true, forKey: DynamicCodingKey("required")) }
    }
}

/// A lookup table in either YAML form: a map `{dn: value}` (ordered by key) or a priority
/// list `[{match: dn, value: v}]`.
struct LookupTable: Codable {
    var entries: [ValueLookup.Entry]

    init(entries: [ValueLookup.Entry]) {
        self.entries = entries
    }

    init(from decoder: any Decoder) throws {
        if var list = try? decoder.unkeyedContainer() {
            var entries: [ValueLookup.Entry] = []
            while !list.isAtEnd { entries.append(try list.decode(ValueLookup.Entry.self)) }
            self.entries = entries
            return
        }
        guard let map = try? decoder.container(keyedBy: DynamicCodingKey.self) else {
            throw MappingDecodeError(decoder.codingPath, "a lookup table is a map {match: value} or a list of {match, value}")
        }
        entries = try map.allKeys.sorted { $0.stringValue < $1.stringValue }.map { key in
            ValueLookup.Entry(match: key.stringValue, value: try map.decode(FieldValue.self, forKey: key))
        }
    }

    func encode(to encoder: any Encoder) throws {
        try entries.encode(to: encoder)
    }
}

extension ValueLookup: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case map, multiple, objectKey
        case defaultValue = "default"
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicCodingKey.self)
        let known = CodingKeys.allCases.map(\.rawValue)
        for key in container.allKeys where !known.contains(key.stringValue) {
            throw MappingDecodeError(decoder.codingPath + [key], UnknownKey.message(key.stringValue, allowed: known, noun: "lookup key"))
        }
        let typed = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            entries: try typed.decode(LookupTable.self, forKey: .map).entries,
            multiple: try typed.decodeIfPresent(Multiple.self, forKey: .multiple) ?? .list,
            objectKey: try typed.decodeIfPresent(String.self, forKey: .objectKey),
            defaultValue: try typed.decodeIfPresent(FieldValue.self, forKey: .defaultValue)
        )
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(LookupTable(entries: entries), forKey: .map)
        try container.encode(multiple, forKey: .multiple)
        try container.encodeIfPresent(objectKey, forKey: .objectKey)
        try container.encodeIfPresent(defaultValue, forKey: .defaultValue)
    }
}
