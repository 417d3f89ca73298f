/// A table from directory values (typically group DNs) to vendor values: group → Sertica
/// ExternalGroupNo, → Aria role names, → Expoints role GUIDs as `{"Id": guid}` objects.
///
/// Keys match case-insensitively (DNs are compared as lowercased text; no further DN
/// normalisation such as spaces after commas). Entries keep their order — the YAML list form
/// `[{match: dn, value: v}, …]` states a priority; the map form `{dn: v, …}` is ordered by key,
/// because map order is not something every decoder preserves.
public struct ValueLookup: Hashable, Sendable {
    /// How many matches the field takes.
    public enum Multiple: String, Hashable, Sendable, Codable {
        /// Every distinct matched value, in table order.
        case list
        /// The first matched value in table order.
        case first
    }

    public struct Entry: Hashable, Sendable, Codable {
        public var match: String
        public var value: FieldValue

        public init(match: String, value: FieldValue) {
            self.match = match
            self.value = value
        }
    }

    public let entries: [Entry]
    public let multiple: Multiple
    /// When set, every value becomes `{objectKey: value}` (Expoints `Roles: [{"Id": …}]`).
    public let objectKey: String?
    /// Used as the only match when nothing matches.
    public let defaultValue: FieldValue?
    private let rankByKey: [String: Int]
    private let keyLengths: Set<Int>

    public init(entries: [Entry], multiple: Multiple = .list, objectKey: String? = nil, defaultValue: FieldValue? = nil) {
        self.entries = entries
        self.multiple = multiple
        self.objectKey = objectKey
        self.defaultValue = defaultValue
        var rankByKey: [String: Int] = [:]
        for (rank, entry) in entries.enumerated() where rankByKey[entry.match.lowercased()] == nil {
            rankByKey[entry.match.lowercased()] = rank
        }
        self.rankByKey = rankByKey
        keyLengths = Set(rankByKey.keys.map(\.utf8.count))
    }

    public static func == (lhs: ValueLookup, rhs: ValueLookup) -> Bool {
        lhs.entries == rhs.entries && lhs.multiple == rhs.multiple && lhs.objectKey == rhs.objectKey && lhs.defaultValue == rhs.defaultValue
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
        hasher.combine(multiple)
        hasher.combine(objectKey)
    }

    /// The looked-up value for the given directory values; `.null` when nothing matched and
    /// there is no default.
    public func resolve(_ keys: [String]) -> FieldValue {
        var ranks: [Int] = []
        for key in keys {
            // Most group DNs a user holds are not in the table: skip them before lowercasing.
            if key.utf8.allSatisfy({ $0 < 0x80 }), !keyLengths.contains(key.utf8.count) { continue }
            if let rank = rankByKey[key.lowercased()] { ranks.append(rank) }
        }
        var values: [FieldValue] = []
        for rank in Set(ranks).sorted() where !values.contains(entries[rank].value) {
            values.append(entries[rank].value)
        }
        if values.isEmpty, let defaultValue { values = [defaultValue] }
        let shaped = values.map { value in objectKey.map { FieldValue.object([$0: value]) } ?? value }
        switch multiple {
        case .first: return shaped.first ?? .null
        case .list: return .list(shaped)
        }
    }
}
