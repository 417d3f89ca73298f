/// The stable identity of a directory user across runs: AD objectGUID (canonical GUID string)
/// or OpenLDAP entryUUID. A DN can change; the anchor cannot, so the snapshot is keyed by it.
public struct Anchor: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let value: String

    public init(_ value: String) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }

    public static func < (lhs: Anchor, rhs: Anchor) -> Bool { lhs.value < rhs.value }

    public var description: String { value }
}
