/// The stable identity of a directory user across runs: AD objectGUID (canonical GUID string)
/// or OpenLDAP entryUUID. A DN can change; the anchor cannot, so the snapshot is keyed by it.
package struct Anchor: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    package let value: String

    package init(_ value: String) {
        self.value = value
    }

    package init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    package static func < (lhs: Anchor, rhs: Anchor) -> Bool { lhs.value < rhs.value }

    package var description: String { value }
}
