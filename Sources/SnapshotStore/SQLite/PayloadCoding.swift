import DirBridgeCore

/// Payloads are stored as canonical JSON text (object keys sorted, no insignificant whitespace),
/// readable with the sqlite3 shell and stable across runs.
///
/// Hand-written rather than `JSONEncoder`/`JSONDecoder`: at 100k users those dominated the
/// store's write and payload-read times (Foundation's decoder tries each `FieldValue` case in
/// turn and pays for a thrown error per miss).
enum PayloadCoding {
    static func encode(_ payload: TargetPayload) -> String {
        var output = ""
        output.reserveCapacity(256)
        write(.object(payload.fields), to: &output)
        return output
    }

    static func decode(_ text: String) throws -> TargetPayload {
        var text = text
        return try text.withUTF8 { bytes in
            var parser = PayloadJSONParser(bytes)
            guard case .object(let fields) = try parser.parseDocument() else {
                throw PayloadJSONParser.Error(offset: 0, reason: "payload is not a JSON object")
            }
            return TargetPayload(fields)
        }
    }

    private static func write(_ value: FieldValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .string(let text): writeString(text, to: &output)
        case .list(let values):
            output += "["
            for (index, element) in values.enumerated() {
                if index > 0 { output += "," }
                write(element, to: &output)
            }
            output += "]"
        case .object(let fields):
            output += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                writeString(key, to: &output)
                output += ":"
                write(fields[key]!, to: &output)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
