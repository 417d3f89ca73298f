/// One entry as the server returned it, binary-safe and compact: every value's bytes sit back to
/// back in one buffer, so an entry costs a few allocations however many values it has.
/// Attribute names are as the server spelled them; range-retrieved attributes
/// (`member;range=0-1499`) are already complete and carry their plain name.
struct LDAPEntry: Sendable {
    var dn: String
    var attributes: [LDAPAttribute] = []
    /// Whether any attribute name carries an option (`;range=…`, `;binary`, `;lang-…`).
    var hasAttributeOptions = false
    /// All value bytes of the entry.
    private(set) var bytes: [UInt8] = []
    /// Where each value lies in `bytes`; an attribute owns a contiguous run of these.
    private(set) var valueBounds: [Range<Int>] = []

    init(dn: String, expectedAttributes: Int = 0, expectedBytes: Int = 0) {
        self.dn = dn
        attributes.reserveCapacity(expectedAttributes)
        valueBounds.reserveCapacity(expectedAttributes)
        bytes.reserveCapacity(expectedBytes)
    }

    /// Adds an attribute; its values are appended by the caller-supplied loop.
    mutating func append(attribute name: String, values: (_ add: (UnsafeRawBufferPointer) -> Void) -> Void) {
        let first = valueBounds.count
        values { value in
            let start = bytes.count
            bytes.append(contentsOf: value)
            valueBounds.append(start..<bytes.count)
        }
        attributes.append(LDAPAttribute(name: name, valueIndexes: first..<valueBounds.count))
    }

    mutating func append(attribute name: String, values: [ArraySlice<UInt8>]) {
        append(attribute: name) { add in
            for value in values { value.withUnsafeBytes(add) }
        }
    }

    /// The `index`-th value of `attribute`.
    func value(_ attribute: LDAPAttribute, _ index: Int) -> ArraySlice<UInt8> {
        bytes[valueBounds[attribute.valueIndexes.lowerBound + index]]
    }

    /// All values of `attribute`.
    func values(_ attribute: LDAPAttribute) -> [ArraySlice<UInt8>] {
        attribute.valueIndexes.map { bytes[valueBounds[$0]] }
    }

    /// All values of `attribute` decoded as UTF-8 (invalid sequences repaired).
    func strings(_ attribute: LDAPAttribute) -> [String] {
        attribute.valueIndexes.map { String(decoding: bytes[valueBounds[$0]], as: UTF8.self) }
    }

    /// The first value of the attribute named `name` (case-insensitively), as bytes.
    func firstValue(of name: String) -> ArraySlice<UInt8>? {
        attributes.first { $0.name.caseInsensitiveEquals(name) && $0.count > 0 }.map { value($0, 0) }
    }

    /// Values of the attribute named `name` (case-insensitively) as UTF-8 text; empty when absent.
    func strings(of name: String) -> [String] {
        attributes.first { $0.name.caseInsensitiveEquals(name) }.map(strings) ?? []
    }
}

struct LDAPAttribute: Sendable {
    var name: String
    /// Positions of this attribute's values in the entry's value list.
    var valueIndexes: Range<Int>
    var count: Int { valueIndexes.count }
}

extension String {
    /// ASCII case-insensitive comparison: LDAP attribute descriptions are ASCII.
    func caseInsensitiveEquals(_ other: String) -> Bool {
        let a = utf8, b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (x | 0x20) >= 0x61 && (x | 0x20) <= 0x7a)
        }
    }
}
