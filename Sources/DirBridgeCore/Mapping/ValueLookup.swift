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
        var asciiKeyFilter = [UInt64](repeating: 0, count: Self.filterWords)
        for key in rankByKey.keys where key.utf8.allSatisfy({ $0 < 0x80 }) {
            let bit = Self.foldedHash(Array(key.utf8)) % UInt64(Self.filterWords * 64)
            asciiKeyFilter[Int(bit / 64)] |= 1 << (bit % 64)
        }
        self.asciiKeyFilter = asciiKeyFilter
    }

    /// Bits set by the ASCII-case-folded hash of every ASCII table key: an ASCII key whose bit
    /// is clear is in no entry (an ASCII text lowercases to ASCII), so it is skipped without
    /// building its lowercased copy.
    private let asciiKeyFilter: [UInt64]
    private static let filterWords = 64

    /// FNV-1a over the bytes with ASCII letters folded to lowercase.
    private static func foldedHash(_ bytes: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
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
            let bit = Self.foldedHash(bytes) % UInt64(Self.filterWords * 64)
            return asciiKeyFilter[Int(bit / 64)] & (1 << (bit % 64)) != 0
        }
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
            guard mayContain(key) else { continue }
            if let rank = rankByKey[key.lowercased()] { ranks.append(rank) }
        }
        var values: [FieldValue] = []
        // A rank matched twice yields the same value, which `contains` already skips.
        for rank in ranks.sorted() where !values.contains(entries[rank].value) {
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
