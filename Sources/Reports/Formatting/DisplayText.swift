import DirBridgeCore

/// How values and changes read in the line-oriented formats (text, CSV).
enum DisplayText {
    static let absent = "(none)"
    static let arrow = " → "

    static func value(_ value: FieldValue?) -> String {
        switch value {
        case nil: absent
        case .string("")?: "\"\""
        case let value?: value.description
        }
    }

    /// `Title: old → new`, on one line.
    static func change(_ change: FieldChange) -> String {
        singleLine(change.field) + ": " + singleLine(value(change.old)) + arrow + singleLine(value(change.new))
    }

    /// The text with control characters and bidirectional overrides made visible as `\u{…}`:
    /// directory data must not be able to break a line, move the cursor or recolour a terminal,
    /// nor reorder what a reviewer reads.
    static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            if isUnsafe(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
