/// One field that differs between the stored payload and the new one. `nil` means absent.
package struct FieldChange: Hashable, Sendable, Codable {
    package var field: String
    package var old: FieldValue?
    package var new: FieldValue?

    package init(field: String, old: FieldValue?, new: FieldValue?) {
        self.field = field
        self.old = old
        self.new = new
    }
}
