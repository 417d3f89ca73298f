/// How an existing vendor account was matched to a directory user for adoption: the payload
/// field the vendor's lookup searched (its unique key) and the value it found.
public struct AccountMatch: Hashable, Sendable {
    public var field: String
    public var value: String

    public init(field: String, value: String) {
        self.field = field
        self.value = value
    }

    /// `matched by Email jane@example.com`, as every report shows it.
    public var description: String { "matched by \(field) \(value)" }
}
