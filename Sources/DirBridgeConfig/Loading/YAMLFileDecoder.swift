import Foundation
import Yams

/// Decodes a `Decodable` from a YAML file and turns decoding failures into a
/// `ConfigurationError` that names the file, the line and the key at fault.
///
/// Yams reports only a coding path; the line comes from walking the composed node tree along
/// that path, which is why the document is composed once and decoded from the node.
public struct YAMLFileDecoder: Sendable {
    public init() {}

    public func decode<T: Decodable>(_ type: T.Type, fromFile path: String) throws(ConfigurationError) -> T {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(code: .unreadable, file: path, message: "cannot read file: \(error.localizedDescription)")
        }
        return try decode(type, from: text, file: path)
    }

    public func decode<T: Decodable>(_ type: T.Type, from text: String, file: String) throws(ConfigurationError) -> T {
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
            return try YAMLDecoder().decode(type, from: root, userInfo: [.configurationFile: file])
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
        // A missing key has no node of its own: report the line of the mapping that lacks it.
        let located = code == .missingKey ? Array(path.dropLast()) : path
        return ConfigurationError(
            code: code, file: file, line: node(at: located, in: root)?.mark?.line,
            keyPath: keyPath(path), message: message
        )
    }

    /// The deepest node reachable along `path`, so a partially matching path still yields a line.
    private static func node(at path: [any CodingKey], in root: Node) -> Node? {
        var current = root
        for key in path {
            if let index = key.intValue, case .sequence(let sequence) = current, sequence.indices.contains(index) {
                current = sequence[index]
            } else if case .mapping(let mapping) = current, let value = mapping[key.stringValue] {
                current = value
            } else {
                break
            }
        }
        return current
    }

    private static func keyPath(_ path: [any CodingKey]) -> String {
        path.reduce(into: "") { result, key in
            if let index = key.intValue {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : ".\(key.stringValue)"
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
    public static let configurationFile = CodingUserInfoKey(rawValue: "dirbridge.configurationFile")!
}
