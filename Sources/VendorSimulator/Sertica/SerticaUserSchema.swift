import Foundation

/// Sertica's `User` type as its API help page documents it: required fields, string limits,
/// the boolean `Access` and the two dates.
enum SerticaUserSchema {
    enum Kind: Equatable {
        case string(maxLength: Int)
        case boolean
        case date
    }

    struct Field {
        var name: String
        var kind: Kind
        var required: Bool
    }

    static let fields: [Field] = [
        Field(name: "UserNo", kind: .string(maxLength: 20), required: true),
        Field(name: "Name", kind: .string(maxLength: 80), required: false),
        Field(name: "Title", kind: .string(maxLength: 80), required: false),
        Field(name: "Email", kind: .string(maxLength: 255), required: false),
        Field(name: "Phone", kind: .string(maxLength: 50), required: false),
        Field(name: "Login", kind: .string(maxLength: 50), required: true),
        Field(name: "Password", kind: .string(maxLength: 20), required: false),
        Field(name: "WindowsLogon", kind: .string(maxLength: 60), required: false),
        Field(name: "Language", kind: .string(maxLength: 10), required: true),
        Field(name: "Access", kind: .boolean, required: true),
        Field(name: "IMONo", kind: .string(maxLength: 50), required: false),
        Field(name: "ExternalGroupNo", kind: .string(maxLength: 50), required: true),
        Field(name: "SignOn", kind: .date, required: false),
        Field(name: "SignOff", kind: .date, required: false),
    ]

    struct Violation: Equatable {
        var field: String
        var message: String
    }

    /// Validates a JSON object, returning the user as stored (known fields only) or every violation.
    static func validate(json object: [String: JSONValue]) -> Result<[String: JSONValue], ViolationList> {
        validate { name in
            switch object[name] {
            case nil, .null?: return .absent
            case .string(let string)?: return .text(string)
            case .bool(let bool)?: return .boolean(bool)
            case let other?: return .other(other.typeName)
            }
        }
    }

    /// Validates an XML record: every value arrives as text, `Access` as "true"/"false".
    static func validate(xml fields: [String: String]) -> Result<[String: JSONValue], ViolationList> {
        validate { name in
            guard let text = fields[name] else { return .absent }
            return .text(text)
        }
    }

    struct ViolationList: Error {
        var violations: [Violation]
    }

    private enum RawValue {
        case absent
        case text(String)
        case boolean(Bool)
        case other(String)
    }

    private static func validate(_ value: (String) -> RawValue) -> Result<[String: JSONValue], ViolationList> {
        var user: [String: JSONValue] = [:]
        var violations: [Violation] = []
        for field in fields {
            let raw = value(field.name)
            switch (field.kind, raw) {
            case (_, .absent):
                if field.required {
                    violations.append(Violation(field: field.name, message: "The \(field.name) field is required."))
                }
            case (.string(let maxLength), .text(let text)):
                if field.required && text.isEmpty {
                    violations.append(Violation(field: field.name, message: "The \(field.name) field is required."))
                } else if text.count > maxLength {
                    violations.append(
                        Violation(
                            field: field.name,
                            message: "The field \(field.name) must be a string with a maximum length of \(maxLength)."
                        )
                    )
                } else {
                    user[field.name] = .string(text)
                }
            case (.boolean, .boolean(let bool)):
                user[field.name] = .bool(bool)
            case (.boolean, .text(let text)) where text == "true" || text == "false":
                user[field.name] = .bool(text == "true")
            case (.date, .text(let text)) where isISO8601DateTime(text):
                user[field.name] = .string(text)
            case (.boolean, _):
                violations.append(Violation(field: field.name, message: "The field \(field.name) must be a boolean (true or false)."))
            case (.date, _):
                violations.append(
                    Violation(field: field.name, message: "The field \(field.name) must be an ISO-8601 date, e.g. 2026-01-11T09:34:47+02:00.")
                )
            case (.string, _):
                violations.append(Violation(field: field.name, message: "The field \(field.name) must be a string."))
            }
        }
        return violations.isEmpty ? .success(user) : .failure(ViolationList(violations: violations))
    }

    /// `yyyy-MM-dd` optionally followed by `THH:mm[:ss[.fff]]` and a `Z` or `±hh:mm` offset.
    static func isISO8601DateTime(_ text: String) -> Bool {
        let scalars = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool {
            range.upperBound <= scalars.count && scalars[range].allSatisfy { (48...57).contains($0) }
        }
        func char(_ index: Int, _ expected: Character) -> Bool {
            index < scalars.count && scalars[index] == expected.asciiValue
        }
        guard digits(0..<4), char(4, "-"), digits(5..<7), char(7, "-"), digits(8..<10) else { return false }
        if scalars.count == 10 { return true }
        guard char(10, "T"), digits(11..<13), char(13, ":"), digits(14..<16) else { return false }
        var index = 16
        if char(index, ":") {
            guard digits((index + 1)..<(index + 3)) else { return false }
            index += 3
            if char(index, ".") {
                index += 1
                let start = index
                while index < scalars.count, (48...57).contains(scalars[index]) { index += 1 }
                guard index > start else { return false }
            }
        }
        if index == scalars.count { return true }
        if char(index, "Z") { return index + 1 == scalars.count }
        guard char(index, "+") || char(index, "-") else { return false }
        return digits((index + 1)..<(index + 3)) && char(index + 3, ":") && digits((index + 4)..<(index + 6))
            && index + 6 == scalars.count
    }
}
