/// How an existing vendor account was matched to a directory user for adoption: the payload
/// field the vendor's lookup searched (its unique key) and the value it found.
package struct AccountMatch: Hashable, Sendable {
    package var field: String
    package var value: String

    package init(field: String, value: String) {
        self.field = field
        self.value = value
    }

    /// `matched by Email jane@example.com`, as every report shows it.
    package var description: String { "matched by \(field) \(value)" }
}
