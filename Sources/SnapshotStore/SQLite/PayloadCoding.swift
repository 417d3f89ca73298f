import DirBridgeCore

/// Payloads are stored as canonical JSON text (object keys sorted, no insignificant whitespace),
/// readable with the sqlite3 shell and stable across runs.
///
/// Hand-written rather than `JSONEncoder`/`JSONDecoder`: at 100k users those dominated the
/// store's write and payload-read times (Foundation's decoder tries each `FieldValue` case in
/// turn and pays for a thrown error per miss).
enum PayloadCoding {
    static func encode(_ payload: TargetPayload) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        write(.object(payload.fields), to: &output)
        return String(decoding: output, as: UTF8.self)
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

    private static func write(_ value: FieldValue, to output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
        case .int(let number): output.append(contentsOf: String(number).utf8)
        case .string(let text): writeString(text, to: &output)
        case .list(let values):
            output.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, to: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let fields):
            output.append(UInt8(ascii: "{"))
            for (index, field) in fields.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(field.key, to: &output)
                output.append(UInt8(ascii: ":"))
                write(field.value, to: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// UTF-8 passes through; only the quote, the backslash and control characters are escaped.
    private static func writeString(_ text: String, to output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        // Most values need no escaping: copy their bytes in one go.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            output.append(contentsOf: text.utf8)
            output.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): output.append(contentsOf: #"\""#.utf8)
            case UInt8(ascii: "\\"): output.append(contentsOf: #"\\"#.utf8)
            case UInt8(ascii: "\n"): output.append(contentsOf: #"\n"#.utf8)
            case UInt8(ascii: "\r"): output.append(contentsOf: #"\r"#.utf8)
            case UInt8(ascii: "\t"): output.append(contentsOf: #"\t"#.utf8)
            case 0..<0x20:
                output.append(contentsOf: #"\u00"#.utf8)
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }
}
