import DirBridgeCore

/// A strict RFC 8259 parser into ``JSONValue``: the simulator reads every request body, and
/// decoding through `Decodable` (trying each type in turn, each failure a thrown error) cost it
/// more CPU than the whole of dirbridge's send. Any value may be the top level; a duplicate key
/// keeps its last value, as JSONDecoder did.
struct JSONValueParser {
    struct Malformed: Error {}

    private let bytes: [UInt8]
    private var index = 0
    private var depth = 0
    /// Far beyond any vendor body, well inside the stack.
    private static let maxDepth = 256

    static func parse(_ bytes: [UInt8]) -> JSONValue? {
        var parser = JSONValueParser(bytes: bytes)
        do {
            let value = try parser.value()
            parser.skipWhitespace()
            // Not a ternary: its `nil` would become JSONValue.null (ExpressibleByNilLiteral).
            guard parser.index == bytes.count else { return nil }
            return value
        } catch {
            return nil
        }
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value() throws(Malformed) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw Malformed() }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return .number(try number())
        }
    }

    private mutating func nested<T>(_ body: (inout JSONValueParser) throws(Malformed) -> T) throws(Malformed) -> T {
        depth += 1
        guard depth <= Self.maxDepth else { throw Malformed() }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(Malformed) -> JSONValue {
        try nested { (parser: inout JSONValueParser) throws(Malformed) -> JSONValue in
            parser.index += 1
            var members: [String: JSONValue] = [:]
            parser.skipWhitespace()
            if parser.consume(UInt8(ascii: "}")) { return .object(members) }
            repeat {
                parser.skipWhitespace()
                guard parser.index < parser.bytes.count, parser.bytes[parser.index] == UInt8(ascii: "\"") else { throw Malformed() }
                let key = try parser.string()
                parser.skipWhitespace()
                guard parser.consume(UInt8(ascii: ":")) else { throw Malformed() }
                members[key] = try parser.value()
                parser.skipWhitespace()
            } while parser.consume(UInt8(ascii: ","))
            guard parser.consume(UInt8(ascii: "}")) else { throw Malformed() }
            return .object(members)
        }
    }

    private mutating func array() throws(Malformed) -> JSONValue {
        try nested { (parser: inout JSONValueParser) throws(Malformed) -> JSONValue in
            parser.index += 1
            var elements: [JSONValue] = []
            parser.skipWhitespace()
            if parser.consume(UInt8(ascii: "]")) { return .array(elements) }
            repeat {
                elements.append(try parser.value())
                parser.skipWhitespace()
            } while parser.consume(UInt8(ascii: ","))
            guard parser.consume(UInt8(ascii: "]")) else { throw Malformed() }
            return .array(elements)
        }
    }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private mutating func literal(_ word: StaticString) throws(Malformed) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw Malformed() }
        for offset in 0..<count where bytes[index + offset] != word.utf8Start[offset] { throw Malformed() }
        index += count
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, finite.
    private mutating func number() throws(Malformed) -> Double {
        let start = index
        func digits(_ parser: inout JSONValueParser) -> Int {
            let first = parser.index
            while parser.index < parser.bytes.count, (0x30...0x39).contains(parser.bytes[parser.index]) { parser.index += 1 }
            return parser.index - first
        }
        _ = consume(UInt8(ascii: "-"))
        let integerStart = index
        guard digits(&self) > 0, bytes[integerStart] != 0x30 || index - integerStart == 1 else { throw Malformed() }
        if consume(UInt8(ascii: ".")) {
            guard digits(&self) > 0 else { throw Malformed() }
        }
        if consume(UInt8(ascii: "e")) || consume(UInt8(ascii: "E")) {
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard digits(&self) > 0 else { throw Malformed() }
        }
        guard let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)), value.isFinite else { throw Malformed() }
        return value
    }

    private mutating func string() throws(Malformed) -> String {
        index += 1
        let start = index
        // Fast path: no escape before the closing quote.
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
            guard bytes[index] >= 0x20 else { throw Malformed() }
            index += 1
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
            index += 1
            guard let text = UTF8Validation.text(bytes[start..<index - 1]) else { throw Malformed() }
            return text
        }
        var scalars: [UInt8] = Array(bytes[start..<index])
        while index < bytes.count, bytes[index] == UInt8(ascii: "\\") {
            index += 1
            guard index < bytes.count else { throw Malformed() }
            let escape = bytes[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scalars.append(escape)
            case UInt8(ascii: "b"): scalars.append(0x08)
            case UInt8(ascii: "f"): scalars.append(0x0C)
            case UInt8(ascii: "n"): scalars.append(0x0A)
            case UInt8(ascii: "r"): scalars.append(0x0D)
            case UInt8(ascii: "t"): scalars.append(0x09)
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard consume(UInt8(ascii: "\\")), consume(UInt8(ascii: "u")) else { throw Malformed() }
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw Malformed() }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(code) {
                    throw Malformed()
                }
                guard let scalar = Unicode.Scalar(code) else { throw Malformed() }
                scalars += Array(String(Character(scalar)).utf8)
            default:
                throw Malformed()
            }
            while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") {
                guard bytes[index] >= 0x20 else { throw Malformed() }
                scalars.append(bytes[index])
                index += 1
            }
        }
        guard consume(UInt8(ascii: "\"")) else { throw Malformed() }
        guard let text = UTF8Validation.text(scalars[...]) else { throw Malformed() }
        return text
    }

    private mutating func hex4() throws(Malformed) -> UInt32 {
        guard index + 4 <= bytes.count else { throw Malformed() }
        var value: UInt32 = 0
        for byte in bytes[index..<index + 4] {
            guard let digit = HexDigit.value(byte) else { throw Malformed() }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }
}
