import Foundation
import Synchronization

/// One step of a field's pipeline. Text steps apply to a string, and element-wise to a list
/// of strings (an `attribute:` source); on a bool or int they are a mapping error.
///
/// YAML: a bare name (`lower`, `upper`, `trim`, `first`, `date`) or a one-key map
/// (`{truncate: 80}`, `{default: "STAFF"}`, `{date: "yyyy-MM-dd"}`,
/// `{date: {format: "yyyy-MM-dd", timeZone: "Europe/Copenhagen"}}`,
/// `{replace: {pattern: "[^0-9+]", with: ""}}`, `{lookup: {map: {…}, multiple: first}}`).
package enum Transform: Hashable, Sendable {
    case lower
    case upper
    /// Strips leading and trailing whitespace and newlines.
    case trim
    /// Keeps the first `n` characters (grapheme clusters).
    case truncate(Int)
    /// Replaces an empty value (missing, `""`, `[]`) with the given one.
    case defaultValue(FieldValue)
    /// The first element of a list (the first value of a multi-valued attribute).
    case first
    /// GeneralizedTime / FILETIME → ISO-8601 or a given format.
    case date(DateConversion)
    /// Regular-expression replacement over the whole value; `$1` refers to groups.
    case replace(RegexReplacement)
    /// Directory value(s) → vendor value(s) through a table.
    case lookup(ValueLookup)

    /// The name used in YAML and in error messages.
    package var name: String {
        switch self {
        case .lower: "lower"
        case .upper: "upper"
        case .trim: "trim"
        case .truncate: "truncate"
        case .defaultValue: "default"
        case .first: "first"
        case .date: "date"
        case .replace: "replace"
        case .lookup: "lookup"
        }
    }

    /// Applies the step; the thrown text becomes a `MappingError` reason.
    func apply(to value: FieldValue) throws(TransformFailure) -> FieldValue {
        switch self {
        case .defaultValue(let fallback):
            return value.isEmpty ? fallback : value
        case .first:
            if case .list(let elements) = value { return elements.first ?? .null }
            return value
        case .lookup(let table):
            switch value {
            case .null: return table.resolve([])
            case .string(let text): return table.resolve([text])
            case .list(let elements):
                var keys: [String] = []
                keys.reserveCapacity(elements.count)
                for element in elements {
                    guard case .string(let text) = element else { throw TransformFailure("lookup needs text values, got \(element)") }
                    keys.append(text)
                }
                return table.resolve(keys)
            case .bool, .int, .object: throw TransformFailure("lookup needs text values, got \(value)")
            }
        default:
            return try mapText(value)
        }
    }

    private func mapText(_ value: FieldValue) throws(TransformFailure) -> FieldValue {
        switch value {
        case .null: return .null
        case .string(let text): return try transformText(text)
        case .list(let elements):
            var output: [FieldValue] = []
            output.reserveCapacity(elements.count)
            for element in elements { output.append(try mapText(element)) }
            return .list(output)
        case .bool, .int, .object:
            throw TransformFailure("\(name) applies to text, got \(value)")
        }
    }

    private func transformText(_ text: String) throws(TransformFailure) -> FieldValue {
        switch self {
        case .lower: return .string(Latin1Case.lowercased(text) ?? text.lowercased())
        case .upper: return .string(Latin1Case.uppercased(text) ?? text.uppercased())
        case .trim:
            // The set `CharacterSet.whitespacesAndNewlines` holds here (Unicode White_Space and
            // U+200B), read from the scalar's properties: the CharacterSet getter went through
            // CoreFoundation on every value of every user.
            func isSpace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace || scalar.value == 0x200B }
            // Most values start and end with a visible ASCII character: nothing to trim, and
            // two bytes tell it without decoding a scalar.
            let visibleASCII = UInt8(ascii: "!")...UInt8(ascii: "~")
            if let first = text.utf8.first, let last = text.utf8.last, visibleASCII.contains(first), visibleASCII.contains(last) {
                return .string(text)
            }
            let scalars = text.unicodeScalars
            guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return .string(text) }
            guard let start = scalars.firstIndex(where: { !isSpace($0) }), let end = scalars.lastIndex(where: { !isSpace($0) })
            else { return .string("") }
            return .string(String(scalars[start...end]))
        case .truncate(let limit):
            // A UTF-16 unit is at least one UTF-8 byte: short text needs no counting.
            guard text.utf8.count > limit else { return .string(text) }
            return .string(FieldLength.truncated(text, to: limit))
        case .date(let conversion):
            // A missing attribute renders empty: nothing to convert, so `default` can apply.
            guard !text.isEmpty else { return .null }
            do {
                return try conversion.convert(text).map(FieldValue.string) ?? .null
            } catch {
                throw TransformFailure(error.reason)
            }
        case .replace(let replacement):
            return .string(replacement.apply(to: text))
        case .defaultValue, .first, .lookup:
            return .string(text)
        }
    }
}

/// Why a transform could not apply to a user's value.
struct TransformFailure: Error {
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }
}

/// A compiled regular expression and its replacement template.
package struct RegexReplacement: Hashable, Sendable {
    package let pattern: String
    package let replacement: String
    private let regex: CompiledRegex

    package init(pattern: String, replacement: String) throws {
        self.pattern = pattern
        self.replacement = replacement
        regex = CompiledRegex(try NSRegularExpression(pattern: pattern), template: replacement)
    }

    package static func == (lhs: RegexReplacement, rhs: RegexReplacement) -> Bool {
        lhs.pattern == rhs.pattern && lhs.replacement == rhs.replacement
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(pattern)
        hasher.combine(replacement)
    }

    func apply(to text: String) -> String {
        regex.replacing(in: text)
    }
}

/// NSRegularExpression is immutable once built and documented thread-safe for matching. A
/// replacement costs microseconds, and the values a mapping rewrites are often few and repeated
/// (a language code, a country, a department), so results are remembered, up to a bound that
/// keeps unique values (phone numbers) from growing the memory.
private final class CompiledRegex: @unchecked Sendable {
    let expression: NSRegularExpression
    let template: String
    private let results = Mutex<[String: String]>([:])
    private static let rememberedResults = 4_096

    init(_ expression: NSRegularExpression, template: String) {
        self.expression = expression
        self.template = template
    }

    func replacing(in text: String) -> String {
        if let known = results.withLock({ $0[text] }) { return known }
        let replaced = expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
        results.withLock { results in
            if results.count < Self.rememberedResults { results[text] = replaced }
        }
        return replaced
    }
}

extension FieldValue {
    /// Missing, `""` or `[]`: a field that ends like this is left out of the payload.
    var isEmpty: Bool {
        switch self {
        case .null: true
        case .string(let text): text.isEmpty
        case .list(let elements): elements.isEmpty
        case .bool, .int, .object: false
        }
    }
}
