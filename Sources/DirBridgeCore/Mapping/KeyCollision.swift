/// Several users of one target whose value for a field the vendor keeps unique is the same
/// (compared case-insensitively): synced as they are, they would share one account.
package struct KeyCollision: Hashable, Sendable {
    package var field: String
    /// The value as the first member maps it.
    package var value: String
    /// Positions of the users among the prepared (accepted) users, ascending.
    package var members: [Int]

    package init(field: String, value: String, members: [Int]) {
        self.field = field
        self.value = value
        self.members = members
    }
}

/// The unique-key values met while preparing a target, as hashes: a plan keeps one `Int` per key
/// and user rather than the strings, and maps the few colliding users again to confirm.
package struct UniqueKeyHashes: Sendable {
    /// Hash of (field position in `uniqueKeys`, case-folded value).
    var hashes: [Int] = []
    /// The accepted position of the user each hash belongs to.
    var positions: [Int] = []

    /// Computed for every key of every user at every plan, so cheap: FNV-1a over the case-folded
    /// UTF-8 (ASCII, nearly every key, folded byte by byte without a lowered copy). A shared hash
    /// is only a candidate; the values are compared before anyone is rejected.
    static func hash(keyIndex: Int, value: String) -> Int {
        var hash = FNV1a(seed: UInt64(truncatingIfNeeded: keyIndex &* 0x9E37_79B9))
        var value = value
        let isASCII = value.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 >= 0x80 }) else { return false }
            for byte in bytes { hash.addLowercased(byte) }
            return true
        }
        if !isASCII {
            // The same byte stream as the fast path, so a value that folds to ASCII hashes alike.
            for byte in value.lowercased().utf8 { hash.add(byte) }
        }
        return Int(truncatingIfNeeded: hash.value)
    }

    /// The text a unique key compares: a non-empty string or a number.
    package static func text(of value: FieldValue?) -> String? {
        switch value {
        case .string(let text) where !text.isEmpty: text
        case .int(let number): String(number)
        default: nil
        }
    }

    mutating func append(_ other: UniqueKeyHashes, offset: Int) {
        hashes += other.hashes
        positions += other.positions.map { $0 + offset }
    }

    /// Positions sharing a hash, each group sorted, for confirmation against the real values.
    ///
    /// An open-addressing table of indices into `hashes`, probed by the hashes themselves: they
    /// are hashes already, so a `Dictionary` hashing them again (a target's hundreds of thousands
    /// of keys, every plan) only cost time.
    var candidateGroups: [[Int]] {
        var capacity = 16
        while capacity < hashes.count * 2 { capacity *= 2 }
        let mask = capacity - 1
        var firstIndexInSlot = [Int32](repeating: -1, count: capacity)
        var groups: [Int: [Int]] = [:]
        for index in hashes.indices {
            let hash = hashes[index]
            // FNV's low bits are its weakest: fold the high half in before masking.
            var slot = Int(truncatingIfNeeded: UInt64(bitPattern: Int64(hash)) &* 0x9E37_79B9_7F4A_7C15 >> 32) & mask
            while true {
                let first = Int(firstIndexInSlot[slot])
                if first < 0 {
                    firstIndexInSlot[slot] = Int32(index)
                    break
                }
                if hashes[first] == hash {
                    if positions[first] != positions[index] {
                        groups[first, default: [positions[first]]].append(positions[index])
                    }
                    break
                }
                slot = (slot + 1) & mask
            }
        }
        return groups.values.map { Array(Set($0)).sorted() }.filter { $0.count > 1 }
    }
}
