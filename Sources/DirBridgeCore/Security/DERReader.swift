/// Reads the DER tag-length-value encoding far enough to walk an X.509 certificate: definite
/// lengths only (DER forbids the others), no schema. Every read is bounds-checked, because the
/// bytes come from a peer that has not been trusted yet when `check` looks at them.
package struct DERReader {
    package struct Element {
        package var tag: UInt8
        package var content: ArraySlice<UInt8>
    }

    package struct MalformedError: Error, CustomStringConvertible {
        package var description: String

        package init(description: String) {
            self.description = description
        }
    }

    private var bytes: ArraySlice<UInt8>

    package init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
    }

    package var isAtEnd: Bool { bytes.isEmpty }

    /// The tag of the next element, without reading it (optional fields).
    package var nextTag: UInt8? { bytes.first }

    package mutating func read() throws(MalformedError) -> Element {
        guard let tag = bytes.popFirst(), let first = bytes.popFirst() else {
            throw MalformedError(description: "truncated element")
        }
        var length = Int(first)
        if first & 0x80 != 0 {
            let count = Int(first & 0x7F)
            guard (1...4).contains(count), bytes.count >= count else { throw MalformedError(description: "bad length") }
            length = bytes.prefix(count).reduce(0) { $0 << 8 | Int($1) }
            bytes = bytes.dropFirst(count)
        }
        guard length <= bytes.count else { throw MalformedError(description: "length \(length) beyond the data") }
        let content = bytes.prefix(length)
        bytes = bytes.dropFirst(length)
        return Element(tag: tag, content: content)
    }

    /// The next element, which must carry `tag`.
    package mutating func read(_ tag: UInt8, _ what: String) throws(MalformedError) -> Element {
        let element = try read()
        guard element.tag == tag else { throw MalformedError(description: "\(what): tag \(element.tag), expected \(tag)") }
        return element
    }
}
