/// Identifies one run in the store's journal.
package struct RunID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    package let rawValue: Int64

    package init(rawValue: Int64) {
        self.rawValue = rawValue
    }

    package static func < (lhs: RunID, rhs: RunID) -> Bool { lhs.rawValue < rhs.rawValue }

    package var description: String { String(rawValue) }
}
