import DirBridgeCore

/// Whether a stored payload's text may hold one of a set of key values under one field, in one
/// pass over its canonical JSON whatever the number of values: a LIKE pattern per value cost a
/// pass per value over every row (100 joiners against 100,000 records: 100 scans of each payload,
/// for every key field of every target). It may let through a payload that does not hold a value
/// (a nested key of the same name, a value with an escape or outside ASCII), never keep one out
/// that does: the caller decodes what it lets through, and the decoded payload has the last word.
struct KeyValueProbe {
    /// `"field":` as canonical JSON writes the key.
    private let key: [UInt8]
    private let values: Set<String>

    /// `lowercasedValues` as ``UniqueKeyHashes/text(of:)`` gives them, lowercased.
    init(field: String, lowercasedValues: Set<String>) {
        key = Array(JSONString.quoted(field).utf8) + [UInt8(ascii: ":")]
        values = lowercasedValues
    }

    func mayHold(_ payload: String) -> Bool {
        var payload = payload
        return payload.withUTF8 { mayHold(bytes: $0) }
    }

    private func mayHold(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var from = 0
        while let found = firstKey(in: bytes, from: from) {
            var index = found + key.count
            from = index
            guard index < bytes.count else { return false }
            let start: Int
            var lowered: [UInt8] = []
            if bytes[index] == Self.quote {
                index += 1
                start = index
                while index < bytes.count, bytes[index] != Self.quote {
                    let byte = bytes[index]
                    // Escaped or beyond ASCII: only the decoded text can be compared.
                    if byte == Self.backslash || byte >= 0x80 { return true }
                    lowered.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
                    index += 1
                }
            } else {
                // An integer counts as its decimal text.
                start = index
                while index < bytes.count, bytes[index] == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) {
                    lowered.append(bytes[index])
                    index += 1
                }
            }
            if index > start, values.contains(String(decoding: lowered, as: UTF8.self)) { return true }
        }
        return false
    }

    private func firstKey(in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard bytes.count >= key.count else { return nil }
        var index = from
        while index <= bytes.count - key.count {
            if bytes[index] == key[0], key.indices.allSatisfy({ bytes[index + $0] == key[$0] }) { return index }
            index += 1
        }
        return nil
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
}
