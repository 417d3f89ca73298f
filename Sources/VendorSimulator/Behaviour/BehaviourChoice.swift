/// The value of one behaviour switch. The raw value is the command-line spelling
/// (`--aria-batch in-order`, kebab-case like every other flag value); JSON carries the
/// camelCase `jsonValue` (`inOrder`), like the field names around it.
package protocol BehaviourChoice: RawRepresentable<String>, CaseIterable, Sendable {}

extension BehaviourChoice {
    /// The JSON spelling: `in-order` → `inOrder`.
    package var jsonValue: String {
        let words = rawValue.split(separator: "-")
        return words.prefix(1).joined() + words.dropFirst().map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// Either spelling, so a value copied from the flag documentation also works in JSON.
    package init?(spelling: String) {
        guard let match = Self.allCases.first(where: { $0.jsonValue == spelling || $0.rawValue == spelling }) else {
            return nil
        }
        self = match
    }

    /// `atomic, inOrder`, for messages listing what a field accepts.
    static var accepted: String { allCases.map(\.jsonValue).joined(separator: ", ") }
}
