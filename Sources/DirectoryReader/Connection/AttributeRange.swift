/// A range option on an attribute description, as Active Directory returns it for large
/// multi-valued attributes: `member;range=0-1499` (more follow) or `member;range=1500-*` (last).
struct AttributeRange: Equatable {
    /// The attribute name without the range option.
    var attribute: String
    var start: Int
    /// Index of the last value returned, or `nil` when this was the final range (`*`).
    var end: Int?

    /// `nil` when the description carries no range option.
    init?(_ description: String) {
        // Almost no attribute carries an option: skip the search unless there is a ';'.
        guard description.utf8.contains(UInt8(ascii: ";")),
              let marker = description.range(of: ";range=", options: .caseInsensitive) else { return nil }
        let bounds = description[marker.upperBound...].split(separator: "-", maxSplits: 1)
        guard bounds.count == 2, let start = Int(bounds[0]) else { return nil }
        if bounds[1] == "*" {
            end = nil
        } else if let last = Int(bounds[1]) {
            end = last
        } else {
            return nil
        }
        attribute = String(description[..<marker.lowerBound])
        self.start = start
    }

    init(attribute: String, start: Int, end: Int?) {
        self.attribute = attribute
        self.start = start
        self.end = end
    }
}
