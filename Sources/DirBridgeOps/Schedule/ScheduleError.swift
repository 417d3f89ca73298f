/// Why a schedule text (`--every` duration or cron expression) was refused.
public struct ScheduleError: Error, Equatable, CustomStringConvertible {
    /// What kind of mistake the text contains.
    public enum Code: Sendable, Equatable {
        case emptyText
        case invalidDuration
        case wrongFieldCount
        case invalidField
        case valueOutOfRange
        case zeroStep
        case neverFires
    }

    public var code: Code
    /// The text that was parsed (the whole duration, or the offending cron field).
    public var text: String
    /// Human-readable detail naming the field and the accepted range where relevant.
    public var detail: String

    public init(_ code: Code, text: String, detail: String) {
        self.code = code
        self.text = text
        self.detail = detail
    }

    public var description: String { "invalid schedule '\(text)': \(detail)" }
}
