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
