import DirBridgeCore
import Foundation
import Logging

/// The two log line formats, as pure functions of one event.
package enum LogFormat: String, Sendable, CaseIterable {
    /// `INFO [sertica] message key=value` for people at a terminal.
    case text
    /// One JSON object per line (`timestamp`, `level`, `label`, `message`, then metadata keys) for collectors.
    case json

    /// Formats one event. `metadata` must already be merged and redacted.
    package func line(timestamp: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        let flat = LogMetadataFlattening.flatten(metadata)
        switch self {
        case .text: return Self.textLine(level: level, message: message, metadata: flat)
        case .json: return Self.jsonLine(timestamp: timestamp, level: level, label: label, message: message, metadata: flat)
        }
    }

    private static func textLine(level: Logger.Level, message: String, metadata: [(String, String)]) -> String {
        // Messages and values carry directory and vendor text: one log line must stay one line.
        var line = level.rawValue.uppercased()
        if let target = metadata.first(where: { $0.0 == "target" }) {
            line += " [\(TerminalText.singleLine(target.1))]"
        }
        line += " " + TerminalText.singleLine(message)
        for (key, value) in metadata where key != "target" {
            line += " \(TerminalText.singleLine(key))=\(TerminalText.singleLine(quotedIfNeeded(value)))"
        }
        return line
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        // Byte by byte while the text is ASCII: a log line per resolved user (an adoption of a
        // whole tenant) made Character-level scanning a tenth of the run.
        let needsQuotes =
            value.isEmpty
            || (value.utf8.allSatisfy { $0 < 0x80 }
                ? value.utf8.contains { $0 == 0x20 || (0x09...0x0D).contains($0) || $0 == 0x22 || $0 == 0x3D }
                : value.contains { $0.isWhitespace || $0 == "\"" || $0 == "=" })
        guard needsQuotes else { return value }
        var quoted = "\""
        quoted.reserveCapacity(value.utf8.count + 2)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    private static let reservedKeys: Set<String> = ["timestamp", "level", "label", "message"]

    private static func jsonLine(timestamp: Date, level: Logger.Level, label: String, message: String, metadata: [(String, String)]) -> String {
        var fields: [(String, String)] = [
            ("timestamp", timestamp.formatted(.iso8601.year().month().day().time(includingFractionalSeconds: true).timeZone(separator: .omitted))),
            ("level", level.rawValue),
            ("label", label),
            ("message", message),
        ]
        // A metadata key equal to a top-level field is kept, under a prefix, rather than overwriting it.
        fields += metadata.map { reservedKeys.contains($0.0) ? ("metadata_" + $0.0, $0.1) : $0 }
        return "{" + fields.map { "\(jsonString($0.0)):\(jsonString($0.1))" }.joined(separator: ",") + "}"
    }

    static func jsonString(_ text: String) -> String {
        JSONString.quoted(text)
    }
}

/// Metadata as sorted `key=value` pairs: nested dictionaries become dotted keys, arrays a bracketed list.
enum LogMetadataFlattening {
    static func flatten(_ metadata: Logger.Metadata) -> [(String, String)] {
        var pairs: [(String, String)] = []
        append(metadata, prefix: "", into: &pairs)
        return pairs
    }

    private static func append(_ metadata: Logger.Metadata, prefix: String, into pairs: inout [(String, String)]) {
        for key in metadata.keys.sorted() {
            guard let value = metadata[key] else { continue }
            let name = prefix + key
            switch value {
            case .dictionary(let nested): append(nested, prefix: name + ".", into: &pairs)
            case .array(let items): pairs.append((name, "[" + items.map(render).joined(separator: ", ") + "]"))
            case .string(let text): pairs.append((name, text))
            case .stringConvertible(let convertible): pairs.append((name, convertible.description))
            }
        }
    }

    private static func render(_ value: Logger.MetadataValue) -> String {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible): convertible.description
        case .array(let items): "[" + items.map(render).joined(separator: ", ") + "]"
        case .dictionary(let nested): "{" + flatten(nested).map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "}"
        }
    }
}
