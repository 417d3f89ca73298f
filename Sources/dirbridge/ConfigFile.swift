import DirectoryReader
import Foundation

/// The configuration file as far as the commands here need it. Until the YAML loader lands this
/// reads JSON; only this file knows the format, so swapping it touches nothing else.
struct ConfigFile {
    struct LoadError: Error, CustomStringConvertible {
        let path: String
        let reason: String
        var description: String { "configuration \(path): \(reason)" }
    }

    private struct Document: Decodable {
        let source: DirectorySourceSettings
    }

    let source: DirectorySourceSettings

    init(path: String) throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw LoadError(path: path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        do {
            source = try JSONDecoder().decode(Document.self, from: data).source
        } catch let error as DecodingError {
            throw LoadError(path: path, reason: Self.explain(error))
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing key '\(parent.isEmpty ? "" : parent + ".")\(key.stringValue)'"
        case .typeMismatch(let type, let context):
            return "'\(path(context))' has the wrong type (expected \(type)): \(context.debugDescription)"
        case .valueNotFound(let type, let context):
            return "'\(path(context))' is null (expected \(type))"
        case .dataCorrupted(let context):
            return path(context).isEmpty ? context.debugDescription : "'\(path(context))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
