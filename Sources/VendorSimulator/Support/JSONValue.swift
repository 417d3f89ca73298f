import DirBridgeCore
import Foundation

/// A JSON document held as data: the simulator validates vendors' bodies field by field,
/// so it needs to see which keys and types a client really sent (a typed `Decodable`
/// would silently drop unknown keys and default missing ones).
package enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])
}

extension JSONValue {
    /// Parses a request body; `nil` when it is not JSON at all.
    /// The same value with every object key's first letter lowercased, as a camelCase serializer
    /// writes .NET's PascalCase property names.
    var camelCasedKeys: JSONValue {
        switch self {
        case .array(let elements): .array(elements.map(\.camelCasedKeys))
        case .object(let fields):
            .object(Dictionary(fields.map { ($0.key.prefix(1).lowercased() + $0.key.dropFirst(), $0.value.camelCasedKeys) },
                               uniquingKeysWith: { first, _ in first }))
        default: self
        }
    }

    static func parse(_ data: Data) -> JSONValue? {
        JSONValueParser.parse(Array(data))
    }

    /// Serialised with sorted keys so state dumps and echoes are stable; slashes and non-ASCII
    /// text unescaped, integral numbers without a fraction.
    var encoded: Data {
        var output: [UInt8] = []
        write(into: &output)
        return Data(output)
    }

    private func write(into output: inout [UInt8]) {
        switch self {
        case .null: output += Array("null".utf8)
        case .bool(let value): output += Array((value ? "true" : "false").utf8)
        case .number(let value):
            output += Array((Int64(exactly: value).map(String.init) ?? "\(value)").utf8)
        case .string(let value): JSONString.write(value, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                element.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (position, key) in members.keys.sorted().enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                JSONString.write(key, into: &output)
                output.append(UInt8(ascii: ":"))
                members[key]!.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    var objectValue: [String: JSONValue]? {
        if case .object(let object) = self { return object }
        return nil
    }

    var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }

    var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    var isNull: Bool { self == .null }

    /// An integer sent as a JSON number, or as a numeric string (lenient .NET / ServiceStack binders accept both).
    var integerValue: Int? {
        switch self {
        case .number(let number): return Int(exactly: number)
        case .string(let string): return Int(string)
        default: return nil
        }
    }

    /// The JSON type name used in validation messages.
    var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(integerLiteral value: Int) { self = .number(Double(value)) }
    package init(floatLiteral value: Double) { self = .number(value) }
    package init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    package init(nilLiteral: ()) { self = .null }
}

extension Optional where Wrapped == String {
    /// A string that may be absent, as JSON (`null` when absent).
    var json: JSONValue { map(JSONValue.string) ?? .null }
}
