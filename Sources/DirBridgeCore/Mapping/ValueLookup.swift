/// A table from directory values (typically group DNs) to vendor values: group → Sertica
/// ExternalGroupNo, → Aria role names, → Expoints role GUIDs as `{"Id": guid}` objects.
///
/// Keys match case-insensitively (DNs are compared as lowercased text; no further DN
/// normalisation such as spaces after commas). Entries keep their order — the YAML list form
/// `[{match: dn, value: v}, …]` states a priority; the map form `{dn: v, …}` is ordered by key,
/// because map order is not something every decoder preserves.
package struct ValueLookup: Hashable, Sendable {
    /// How many matches the field takes.
    package enum Multiple: String, Hashable, Sendable, Codable {
        /// Every distinct matched value, in table order.
        case list
        /// The first matched value in table order.
        case first
    }

    package struct Entry: Hashable, Sendable, Codable {
        package var match: String
        package var value: FieldValue

        package init(match: String, value: FieldValue) {
            self.match = match
            self.value = value
        }
    }

    package let entries: [Entry]
    package let multiple: Multiple
    /// When set, every value becomes `{objectKey: value}` (Expoints `Roles: [{"Id": …}]`).
    package let objectKey: String?
    /// Used as the only match when nothing matches.
    package let defaultValue: FieldValue?
    private let rankByKey: [String: Int]

    package init(entries: [Entry], multiple: Multiple = .list, objectKey: String? = nil, defaultValue: FieldValue? = nil) {
        self.entries = entries
        self.multiple = multiple
        self.objectKey = objectKey
        self.defaultValue = defaultValue
        var rankByKey: [String: Int] = [:]
        for (rank, entry) in entries.enumerated() where rankByKey[entry.match.lowercased()] == nil {
            rankByKey[entry.match.lowercased()] = rank
        }
        self.rankByKey = rankByKey
        var asciiKeyFilter = [UInt64](repeating: 0, count: Self.filterWords)
        for key in rankByKey.keys where key.utf8.allSatisfy({ $0 < 0x80 }) {
            let bit = Self.filterHash(Array(key.utf8)) % UInt64(Self.filterWords * 64)
            asciiKeyFilter[Int(bit / 64)] |= 1 << (bit % 64)
        }
        self.asciiKeyFilter = asciiKeyFilter
        let shapedValues = entries.map { Self.shaped($0.value, objectKey: objectKey) }
        self.shapedValues = shapedValues
        singleMatchResults = shapedValues.map { Self.result([$0], multiple: multiple) }
        unmatchedResult = Self.result(defaultValue.map { [Self.shaped($0, objectKey: objectKey)] } ?? [], multiple: multiple)
    }

    /// Per entry: its value as results carry it, and the whole result when it is the only match.
    private let shapedValues: [FieldValue]
    private let singleMatchResults: [FieldValue]
    /// The result when nothing matched: the default, shaped, or nothing.
    private let unmatchedResult: FieldValue

    /// Bits set by the ASCII-case-folded hash of every ASCII table key: an ASCII key whose bit
    /// is clear is in no entry (an ASCII text lowercases to ASCII), so it is skipped without
    /// building its lowercased copy.
    private let asciiKeyFilter: [UInt64]
    private static let filterWords = 64

    /// FNV-1a over the length and the first 24 bytes, ASCII letters folded to lowercase: the
    /// group DNs of one table differ early (`cn=…`) and share a long tail (`,ou=groups,dc=…`),
    /// which costs time to hash and tells nothing.
    private static func filterHash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        for byte in bytes.prefix(24) {
            let folded = byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
            hash = (hash ^ UInt64(folded)) &* 0x100_0000_01b3
        }
        return hash
    }

    /// Whether `key` may be in the table; `false` only when it certainly is not.
    private func mayContain(_ key: String) -> Bool {
        var key = key
        return key.withUTF8 { bytes in
            // Non-ASCII keys may match after Unicode lowercasing: always look them up.
            guard bytes.allSatisfy({ $0 < 0x80 }) else { return true }
            let bit = Self.filterHash(bytes) % UInt64(Self.filterWords * 64)
            return asciiKeyFilter[Int(bit / 64)] & (1 << (bit % 64)) != 0
        }
    }

    package static func == (lhs: ValueLookup, rhs: ValueLookup) -> Bool {
        lhs.entries == rhs.entries && lhs.multiple == rhs.multiple && lhs.objectKey == rhs.objectKey && lhs.defaultValue == rhs.defaultValue
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(entries)
        hasher.combine(multiple)
        hasher.combine(objectKey)
    }

    /// The looked-up value for the given directory values; `.null` when nothing matched and
    /// there is no default.
    package func resolve(_ keys: [String]) -> FieldValue {
        var ranks: [Int] = []
        for key in keys {
            // Most group DNs a user holds are not in the table: skip them before lowercasing.
            guard mayContain(key) else { continue }
            if let rank = rankByKey[key.lowercased()] { ranks.append(rank) }
        }
        // The common answers are built once in init: no match (the default) and one match.
        guard !ranks.isEmpty else { return unmatchedResult }
        if ranks.count == 1 { return singleMatchResults[ranks[0]] }
        var chosen: [Int] = []
        // A rank matched twice yields the same value, which the value check already skips.
        for rank in ranks.sorted() where !chosen.contains(where: { entries[$0].value == entries[rank].value }) {
            chosen.append(rank)
        }
        switch multiple {
        case .first: return shapedValues[chosen[0]]
        case .list: return .list(chosen.map { shapedValues[$0] })
        }
    }

    /// `value` as the result holds it: wrapped in `{objectKey: value}` when an object key is set.
    private static func shaped(_ value: FieldValue, objectKey: String?) -> FieldValue {
        objectKey.map { FieldValue.object([$0: value]) } ?? value
    }

    private static func result(_ values: [FieldValue], multiple: Multiple) -> FieldValue {
        switch multiple {
        case .first: values.first ?? .null
        case .list: .list(values)
        }
    }
}
