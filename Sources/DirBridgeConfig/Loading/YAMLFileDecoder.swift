import DirBridgeCore
import Foundation
import Yams

/// Decodes a `Decodable` from a YAML file and turns decoding failures into a
/// `ConfigurationError` that names the file, the line and the key at fault.
///
/// Yams reports only a coding path; the line comes from walking the composed node tree along
/// that path, which is why the document is composed once and decoded from the node.
package struct YAMLFileDecoder: Sendable {
    package init() {}

    package func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws(ConfigurationError) -> T {
        try decodeDocument(type, fromFile: path).value
    }

    package func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigurationError) -> T {
        try decodeDocument(type, from: text, file: file).value
    }

    /// The value and the composed document it came from, for callers that check the value further
    /// and report what they find at its line (`locate(_:in:file:)`).
    func decodeDocument<T: Decodable>(_ type: T.Type, fromFile path: String) throws(ConfigurationError) -> (value: T, root: Node) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(code: .unreadable, file: path, message: "cannot read file: \(error.localizedDescription)")
        }
        return try decodeDocument(type, from: text, file: path)
    }

    func decodeDocument<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigurationError) -> (value: T, root: Node) {
        let root: Node
        do {
            guard let composed = try Yams.compose(yaml: text) else {
                throw ConfigurationError(code: .invalidYAML, file: file, message: "the document is empty")
            }
            root = composed
        } catch let error as ConfigurationError {
            throw error
        } catch let error as YamlError {
            throw Self.locate(error, file: file)
        } catch {
            throw ConfigurationError(code: .invalidYAML, file: file, message: "\(error)")
        }
        do {
            return (try YAMLDecoder().decode(type, from: root, userInfo: [.configurationFile: file]), root)
        } catch let error as MappingDecodeError {
            // Decoding from the composed node hands a type's own error through as thrown
            // (only Yams' string entry point wraps it in DecodingError.dataCorrupted).
            throw Self.locate(error, in: root, file: file)
        } catch let error as DecodingError {
            throw Self.locate(error, in: root, file: file)
        } catch let error as ConfigurationError {
            throw error
        } catch {
            throw ConfigurationError(code: .invalidValue, file: file, message: "\(error)")
        }
    }

    private static func locate(_ error: YamlError, file: String) -> ConfigurationError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            ConfigurationError(code: .invalidYAML, file: file, line: mark.line, message: "invalid YAML: \(problem)")
        default:
            ConfigurationError(code: .invalidYAML, file: file, message: "invalid YAML: \(error)")
        }
    }

    private static func locate(_ error: DecodingError, in root: Node, file: String) -> ConfigurationError {
        let (code, path, message): (ConfigurationError.Code, [any CodingKey], String) =
            switch error {
            case .keyNotFound(let key, let context):
                (.missingKey, context.codingPath + [key], "required key '\(key.stringValue)' is missing")
            case .typeMismatch(let type, let context):
                (.wrongType, context.codingPath, "expected \(describe(type)); \(context.debugDescription)")
            case .valueNotFound(let type, let context):
                (.missingKey, context.codingPath, "expected \(describe(type)), found nothing")
            case .dataCorrupted(let context):
                (.invalidValue, context.codingPath, context.debugDescription)
            @unknown default:
                (.invalidValue, [], "\(error)")
            }
        let steps = path.map { $0.intValue.map(String.init) ?? $0.stringValue }
        // A missing key has no node of its own: report the line of the mapping that lacks it.
        let located = code == .missingKey ? Array(steps.dropLast()) : steps
        return ConfigurationError(
            code: code, file: file, line: line(at: located, in: root), keyPath: keyPath(steps), message: message
        )
    }

    /// A mapping file's rule error (from decoding or from `SchemaValidator.problems`), at the line
    /// of the node its coding path leads to.
    static func locate(_ error: MappingDecodeError, in root: Node, file: String) -> ConfigurationError {
        let message = error.field.map { "field \($0): \(error.reason)" } ?? error.reason
        return ConfigurationError(
            code: .invalidValue, file: file, line: line(at: error.codingPath, in: root),
            keyPath: keyPath(error.codingPath), message: message
        )
    }

    /// The line of the deepest node reachable along `path` (map keys, or decimal indices into
    /// sequences), so a partially matching path still yields a line. When the last step reached is
    /// a map key, the key's own line: a block value starts on the line after its key.
    private static func line(at path: [String], in root: Node) -> Int? {
        var current = root
        var keyLine: Int?
        for step in path {
            if case .sequence(let sequence) = current, let index = Int(step), sequence.indices.contains(index) {
                current = sequence[index]
                keyLine = nil
            } else if case .mapping(let mapping) = current, let pair = mapping.reversed().first(where: { $0.key.string == step }) {
                current = pair.value
                keyLine = pair.key.mark?.line
            } else {
                break
            }
        }
        return keyLine ?? current.mark?.line
    }

    private static func keyPath(_ path: [String]) -> String {
        path.reduce(into: "") { result, step in
            if !step.isEmpty, step.allSatisfy(\.isASCII), Int(step) != nil {
                result += "[\(step)]"
            } else {
                result += result.isEmpty ? step : ".\(step)"
            }
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        default: "\(type)"
        }
    }
}

extension CodingUserInfoKey {
    /// The path of the file being decoded, for types that resolve relative paths (mapping files).
    package static let configurationFile = CodingUserInfoKey(rawValue: "dirbridge.configurationFile")!
}
