import Foundation

/// A one-level XML record such as Sertica's `<User><UserNo>1</UserNo>…</User>`: the root
/// element's name and its child elements' text. Enough to simulate XmlSerializer on flat
/// types; anything deeper is refused, as a real parser would refuse a JSON body.
struct FlatXMLDocument: Equatable {
    var rootName: String
    var fields: [String: String]

    struct ParseError: Error, Equatable, CustomStringConvertible {
        var line: Int
        var position: Int
        var reason: String

        var description: String {
            "\(reason) Line \(line), position \(position)."
        }
    }

    /// Parses `text`, following the .NET wording for the classic mistake: JSON sent where XML
    /// is expected reads as "Data at the root level is invalid. Line 1, position 1."
    static func parse(_ text: String) throws(ParseError) -> FlatXMLDocument {
        var scanner = Scanner(scalars: Array(text.unicodeScalars))
        scanner.skipWhitespace()
        if scanner.consume("\u{FEFF}") { scanner.skipWhitespace() }
        if scanner.peek("<?") {
            guard scanner.skip(past: "?>") else { throw scanner.error("Unexpected end of file in XML declaration.") }
            scanner.skipWhitespace()
        }
        guard scanner.peek("<"), !scanner.peek("</") else {
            throw scanner.error("Data at the root level is invalid.")
        }
        let root = try scanner.openTag()
        var document = FlatXMLDocument(rootName: root.name, fields: [:])
        while !root.selfClosing {
            scanner.skipWhitespace()
            if scanner.peek("</") {
                try scanner.closeTag(root.name)
                break
            }
            guard scanner.peek("<") else { throw scanner.error("Text is not allowed directly inside <\(root.name)>.") }
            let child = try scanner.openTag()
            var value = ""
            if !child.selfClosing {
                value = try scanner.elementText()
                guard scanner.peek("</") else {
                    throw scanner.error("Element <\(child.name)> must hold text only.")
                }
                try scanner.closeTag(child.name)
            }
            document.fields[child.name] = value
        }
        scanner.skipWhitespace()
        guard scanner.atEnd else { throw scanner.error("There are multiple root elements.") }
        return document
    }

    private struct Scanner {
        let scalars: [Unicode.Scalar]
        var index = 0

        var atEnd: Bool { index >= scalars.count }

        func peek(_ literal: String) -> Bool {
            var position = index
            for scalar in literal.unicodeScalars {
                guard position < scalars.count, scalars[position] == scalar else { return false }
                position += 1
            }
            return true
        }

        mutating func consume(_ literal: String) -> Bool {
            guard peek(literal) else { return false }
            index += literal.unicodeScalars.count
            return true
        }

        mutating func skip(past literal: String) -> Bool {
            while !atEnd {
                if consume(literal) { return true }
                index += 1
            }
            return false
        }

        mutating func skipWhitespace() {
            while !atEnd, scalars[index].properties.isWhitespace { index += 1 }
        }

        func error(_ reason: String) -> ParseError {
            var line = 1
            var column = 1
            for scalar in scalars[..<min(index, scalars.count)] {
                if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
            }
            return ParseError(line: line, position: column, reason: reason)
        }

        mutating func name() throws(ParseError) -> String {
            var name = ""
            while !atEnd, scalars[index] != ">", scalars[index] != "/", !scalars[index].properties.isWhitespace {
                name.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard !name.isEmpty else { throw error("Name cannot begin with this character.") }
            // Namespace prefixes (d3p1:UserNo) do not change which field an element is.
            return String(name.split(separator: ":").last ?? Substring(name))
        }

        /// Reads `<name attr="…">` or `<name/>`; attributes (namespaces, xsi:nil) are skipped.
        mutating func openTag() throws(ParseError) -> (name: String, selfClosing: Bool) {
            guard consume("<") else { throw error("Expected '<'.") }
            let tagName = try name()
            while !atEnd {
                if consume("/>") { return (tagName, true) }
                if consume(">") { return (tagName, false) }
                if scalars[index] == "\"" || scalars[index] == "'" {
                    let quote = scalars[index]
                    index += 1
                    while !atEnd, scalars[index] != quote { index += 1 }
                }
                index += 1
            }
            throw error("Unexpected end of file while parsing <\(tagName)>.")
        }

        mutating func closeTag(_ expected: String) throws(ParseError) {
            guard consume("</") else { throw error("Expected end tag </\(expected)>.") }
            let closing = try name()
            skipWhitespace()
            guard closing == expected, consume(">") else {
                throw error("The '\(expected)' start tag does not match the end tag of '\(closing)'.")
            }
        }

        mutating func elementText() throws(ParseError) -> String {
            var value = ""
            while !atEnd, scalars[index] != "<" {
                if scalars[index] == "&" {
                    value.unicodeScalars.append(try entity())
                } else {
                    value.unicodeScalars.append(scalars[index])
                    index += 1
                }
            }
            return value
        }

        mutating func entity() throws(ParseError) -> Unicode.Scalar {
            let start = index
            while !atEnd, scalars[index] != ";" { index += 1 }
            guard !atEnd else { throw error("Unterminated entity reference.") }
            let name = String(String.UnicodeScalarView(scalars[(start + 1)..<index]))
            index += 1
            switch name {
            case "amp": return "&"
            case "lt": return "<"
            case "gt": return ">"
            case "quot": return "\""
            case "apos": return "'"
            default:
                let number: UInt32? =
                    name.hasPrefix("#x") ? UInt32(name.dropFirst(2), radix: 16)
                    : name.hasPrefix("#") ? UInt32(name.dropFirst()) : nil
                guard let number, let scalar = Unicode.Scalar(number) else {
                    throw error("Reference to undeclared entity '\(name)'.")
                }
                return scalar
            }
        }
    }
}
