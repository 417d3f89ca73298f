/// A text template over directory attributes, e.g. `"{givenName} {sn}"`, parsed once when the
/// mapping loads.
///
/// `{name}` renders the attribute's **first** value (LDAP attributes are multi-valued; take all
/// values with an `attribute:` rule instead) and renders empty when the attribute is missing, so
/// a `default` transform can apply. `{sAMAccountName|uid}` renders the first listed attribute
/// with a non-empty first value, so one mapping serves Active Directory and OpenLDAP.
/// `{{` and `}}` are literal braces. Attribute names are LDAP descriptors: letters, digits, `-`,
/// plus `;` options (`{userCertificate;binary}`).
package struct Template: Hashable, Sendable, CustomStringConvertible {
    package enum Segment: Hashable, Sendable {
        case literal(String)
        /// A lowercased attribute name (directory attributes are stored lowercased).
        case attribute(String)
        /// Lowercased attribute names in order of preference (`{sAMAccountName|uid}`).
        case firstOf([String])
    }

    /// The template as written.
    package let source: String
    package let segments: [Segment]

    package init(parsing source: String) throws(TemplateParseError) {
        self.source = source
        var segments: [Segment] = []
        var literal = ""
        let characters = Array(source)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "{" where next == "{", "}" where next == "}":
                literal.append(character)
                index += 2
            case "{":
                var end = index + 1
                while end < characters.count, characters[end] != "}" {
                    let inner = characters[end]
                    guard inner.isASCII, inner.isLetter || inner.isNumber || inner == "-" || inner == ";" || inner == "|" else {
                        throw TemplateParseError(template: source, position: end + 1, reason: "'\(inner)' cannot appear in an attribute name (placeholder opened at position \(index + 1))")
                    }
                    end += 1
                }
                guard end < characters.count else {
                    throw TemplateParseError(template: source, position: index + 1, reason: "'{' is never closed")
                }
                guard end > index + 1 else {
                    throw TemplateParseError(template: source, position: index + 1, reason: "empty placeholder '{}'")
                }
                let names = String(characters[(index + 1)..<end]).lowercased().split(separator: "|", omittingEmptySubsequences: false)
                if let empty = names.firstIndex(where: \.isEmpty) {
                    let offset = names[..<empty].reduce(0) { $0 + $1.count + 1 }
                    throw TemplateParseError(template: source, position: index + 2 + offset, reason: "empty alternative in '{\(String(characters[(index + 1)..<end]))}'; write {a|b}")
                }
                if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
                segments.append(names.count == 1 ? .attribute(String(names[0])) : .firstOf(names.map(String.init)))
                index = end + 1
            case "}":
                throw TemplateParseError(template: source, position: index + 1, reason: "unmatched '}' (write '}}' for a literal brace)")
            default:
                literal.append(character)
                index += 1
            }
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// The lowercased attribute names the template reads, alternatives included.
    package var attributes: [String] {
        segments.flatMap { segment -> [String] in
            switch segment {
            case .literal: []
            case .attribute(let name): [name]
            case .firstOf(let names): names
            }
        }
    }

    /// The template filled from `user`'s attributes (first value each; missing → empty).
    package func render(_ user: DirectoryUser) -> String {
        if segments.count == 1, case .attribute(let name) = segments[0] {
            return user.firstValue(of: name) ?? ""
        }
        var output = ""
        for segment in segments {
            switch segment {
            case .literal(let text): output += text
            case .attribute(let name): output += user.firstValue(of: name) ?? ""
            case .firstOf(let names): output += Self.firstNonEmpty(names, of: user)
            }
        }
        return output
    }

    private static func firstNonEmpty(_ names: [String], of user: DirectoryUser) -> String {
        for name in names {
            if let value = user.firstValue(of: name), !value.isEmpty { return value }
        }
        return ""
    }

    package var description: String { source }
}

/// A template that cannot be parsed; `position` is the 1-based character offset.
package struct TemplateParseError: Error, Hashable, Sendable, CustomStringConvertible {
    package var template: String
    package var position: Int
    package var reason: String

    package var description: String { "template \"\(template)\" at position \(position): \(reason)" }
}
