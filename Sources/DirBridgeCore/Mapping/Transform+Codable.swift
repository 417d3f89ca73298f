extension Transform: Codable {
    private static let bareNames: [String: Transform] = ["lower": .lower, "upper": .upper, "trim": .trim, "first": .first]
    private static let allNames = ["lower", "upper", "trim", "first", "truncate", "default", "date", "replace", "lookup"]

    package init(from decoder: any Decoder) throws {
        let path = decoder.codingPath
        if let name = try? decoder.singleValueContainer().decode(String.self) {
            if let bare = Self.bareNames[name] {
                self = bare
            } else if name == "date" {
                self = .date(try DateConversion())
            } else if Self.allNames.contains(name) {
                throw MappingDecodeError(path, "transform '\(name)' needs a parameter, e.g. {\(name): …}")
            } else {
                throw MappingDecodeError(path, UnknownKey.message(name, allowed: Self.allNames, noun: "transform"))
            }
            return
        }
        guard let container = try? decoder.container(keyedBy: DynamicCodingKey.self), container.allKeys.count == 1,
              let key = container.allKeys.first
        else {
            throw MappingDecodeError(path, "a transform is a name (trim) or a one-key map ({truncate: 80})")
        }
        let keyPath = path + [key]
        switch key.stringValue {
        case "truncate":
            let limit = try container.decode(Int.self, forKey: key)
            guard limit > 0 else { throw MappingDecodeError(keyPath, "truncate needs a positive length, got \(limit)") }
            self = .truncate(limit)
        case "default":
            self = .defaultValue(try container.decode(FieldValue.self, forKey: key))
        case "date":
            let spec: DateSpec
            if let format = try? container.decode(String.self, forKey: key) {
                spec = DateSpec(format: format, timeZone: nil)
            } else {
                spec = try container.decode(DateSpec.self, forKey: key)
            }
            do {
                self = .date(try DateConversion(format: spec.format, timeZone: spec.timeZone))
            } catch {
                throw MappingDecodeError(keyPath, error.reason)
            }
        case "replace":
            let spec = try container.decode(ReplaceSpec.self, forKey: key)
            do {
                self = .replace(try RegexReplacement(pattern: spec.pattern, replacement: spec.with))
            } catch {
                throw MappingDecodeError(keyPath, "invalid regular expression '\(spec.pattern)': \(error)")
            }
        case "lookup":
            self = .lookup(try container.decode(ValueLookup.self, forKey: key))
        case let name where Self.bareNames[name] != nil:
            throw MappingDecodeError(keyPath, "transform '\(name)' takes no parameter; write it as a bare name")
        case let name:
            throw MappingDecodeError(keyPath, UnknownKey.message(name, allowed: Self.allNames, noun: "transform"))
        }
    }

    package func encode(to encoder: any Encoder) throws {
        switch self {
        case .lower, .upper, .trim, .first:
            var container = encoder.singleValueContainer()
            try container.encode(name)
        case .truncate(let limit):
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode(limit, forKey: DynamicCodingKey(name))
        case .defaultValue(let value):
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode(value, forKey: DynamicCodingKey(name))
        case .date(let conversion):
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode(DateSpec(format: conversion.format, timeZone: conversion.timeZone), forKey: DynamicCodingKey(name))
        case .replace(let replacement):
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode(ReplaceSpec(pattern: replacement.pattern, with: replacement.replacement), forKey: DynamicCodingKey(name))
        case .lookup(let table):
            var container = encoder.container(keyedBy: DynamicCodingKey.self)
            try container.encode(table, forKey: DynamicCodingKey(name))
        }
    }

    private struct DateSpec: Codable {
        var format: String?
        var timeZone: String?

        init(format: String?, timeZone: String?) {
            self.format = format
            self.timeZone = timeZone
        }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(of: decoder, allowed: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            format = try container.decodeIfPresent(String.self, forKey: .format)
            timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone)
        }

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case format, timeZone
        }
    }

    private struct ReplaceSpec: Codable {
        var pattern: String
        var with: String

        init(pattern: String, with: String) {
            self.pattern = pattern
            self.with = with
        }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(of: decoder, allowed: CodingKeys.self)
            let container = try decoder.container(keyedBy: CodingKeys.self)
            pattern = try container.decode(String.self, forKey: .pattern)
            with = try container.decode(String.self, forKey: .with)
        }

        private enum CodingKeys: String, CodingKey, CaseIterable {
            case pattern, with
        }
    }
}

/// Synthesized decoding skips keys it does not know, so `{date: {timezone: UTC}}` would convert
/// in the wrong zone without a word; the parameter maps check their keys first.
private func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(of decoder: any Decoder, allowed: Keys.Type) throws {
    let known = Keys.allCases.map(\.stringValue)
    for key in try decoder.container(keyedBy: DynamicCodingKey.self).allKeys where !known.contains(key.stringValue) {
        throw MappingDecodeError(decoder.codingPath + [key], UnknownKey.message(key.stringValue, allowed: known))
    }
}
