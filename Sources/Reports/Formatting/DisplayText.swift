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

    /// See ``TerminalText/singleLine(_:)``: the same rule for every report.
    static func singleLine(_ text: String) -> String { TerminalText.singleLine(text) }
}
