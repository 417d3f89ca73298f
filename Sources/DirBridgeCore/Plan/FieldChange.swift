/// One field that differs between the stored payload and the new one. `nil` means absent.
public struct FieldChange: Hashable, Sendable, Codable {
    public var field: String
    public var old: FieldValue?
    public var new: FieldValue?

    public init(field: String, old: FieldValue?, new: FieldValue?) {
        self.field = field
        self.old = old
        self.new = new
    }
}
