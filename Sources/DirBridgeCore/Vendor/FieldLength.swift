/// How long a text value is for a vendor's limit: UTF-16 code units, as the .NET and Java APIs
/// behind these vendors count `string.Length`. The schema check and `truncate` share this one
/// definition, so a value cut to the limit always passes the check.
package enum FieldLength {
    package static func of(_ text: String) -> Int { text.utf16.count }

    /// `text` cut to at most `limit` units, never inside a character (a combining sequence or an
    /// emoji is dropped whole rather than split).
    package static func truncated(_ text: String, to limit: Int) -> String {
        guard of(text) > limit else { return text }
        var units = 0
        var end = text.startIndex
        for index in text.indices {
            let width = text[index].utf16.count
            guard units + width <= limit else { break }
            units += width
            end = text.index(after: index)
        }
        return String(text[..<end])
    }
}
