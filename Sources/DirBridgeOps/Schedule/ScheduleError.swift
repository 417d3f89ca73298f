/// Why a schedule text (`--every` duration or cron expression) was refused.
package struct ScheduleError: Error, Equatable, CustomStringConvertible {
    /// What kind of mistake the text contains.
    package enum Code: Sendable, Equatable {
        case emptyText
        case invalidDuration
        case wrongFieldCount
        case invalidField
        case valueOutOfRange
        case zeroStep
        case neverFires
    }

    package var code: Code
    /// The text that was parsed (the whole duration, or the offending cron field).
    package var text: String
    /// Human-readable detail naming the field and the accepted range where relevant.
    package var detail: String

    package init(_ code: Code, text: String, detail: String) {
        self.code = code
        self.text = text
        self.detail = detail
    }

    package var description: String { "invalid schedule '\(text)': \(detail)" }
}
