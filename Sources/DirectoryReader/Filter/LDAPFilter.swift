/// Helpers for building LDAP search filters (RFC 4515).
package enum LDAPFilter {
    /// Escapes a value for use inside a filter assertion, so that `*`, `(`, `)`, `\` and NUL in
    /// user-supplied text match literally and cannot widen or restructure the search.
    package static func escape(_ value: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "*": escaped += "\\2a"
            case "(": escaped += "\\28"
            case ")": escaped += "\\29"
            case "\\": escaped += "\\5c"
            case "\u{0}": escaped += "\\00"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// `(attribute=value)` with the value escaped.
    package static func equals(_ attribute: String, _ value: String) -> String {
        "(\(attribute)=\(escape(value)))"
    }
}

extension LDAPFilter {
    /// The attribute names a filter tests (RFC 4515 items: `(name=…)`, `(name>=…)`, `(name~=…)`,
    /// `(name:rule:=…)`), options such as `;binary` dropped, each once in first-seen order.
    package static func attributes(in filter: String) -> [String] {
        var names: [String] = []
        var seen = Set<String>()
        let characters = Array(filter.utf8)
        var index = 0
        while index < characters.count {
            defer { index += 1 }
            guard characters[index] == UInt8(ascii: "("), index + 1 < characters.count else { continue }
            var end = index + 1
            while end < characters.count, Self.isNameCharacter(characters[end]) { end += 1 }
            guard end > index + 1, end < characters.count,
                  [UInt8(ascii: "="), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: ":")].contains(characters[end])
            else { continue }
            let name = String(decoding: characters[(index + 1)..<end], as: UTF8.self).split(separator: ";")[0]
            if seen.insert(name.lowercased()).inserted { names.append(String(name)) }
        }
        return names
    }

    private static func isNameCharacter(_ character: UInt8) -> Bool {
        switch character {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ";"):
            true
        default:
            false
        }
    }
}
