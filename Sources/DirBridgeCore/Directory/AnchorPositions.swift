import Foundation

/// Where each anchor of a read sits, found from the anchor's UTF-8 bytes. A full read matches
/// every stored row (memo and snapshot, per target) against the users: half a million lookups
/// for 100,000 users and five targets. A `[Anchor: Int]` made each row's anchor a String and
/// chased one heap object per probe; here a row's bytes are looked up as SQLite hands them over,
/// in one table and one byte buffer.
///
/// Anchors are identifiers (a GUID, an entryUUID), so they are compared byte for byte.
package struct AnchorPositions: Sendable {
    /// Every anchor's bytes back to back; entry `i` ends at `ends[i]`.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []
    /// Entry `i`'s position, or -1 once removed.
    private var positions: [Int] = []
    /// Open addressing, linear probing: entry index + 1, 0 for a free slot. Never more than
    /// half full.
    private var slots: [Int32]

    package init(capacity: Int = 0) {
        var size = 16
        while size < capacity * 2 { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        ends.reserveCapacity(capacity)
        positions.reserveCapacity(capacity)
        bytes.reserveCapacity(capacity * 36)
    }

    /// The anchors of `anchors`, each at its index. Of an anchor listed twice, the first.
    package init(_ anchors: some Collection<Anchor>) {
        self.init(capacity: anchors.count)
        for (position, anchor) in anchors.enumerated() { _ = insert(anchor, at: position) }
    }

    /// Adds `anchor` at `position`, unless present: then returns the position it already has.
    package mutating func insert(_ anchor: Anchor, at position: Int) -> Int? {
        var text = anchor.value
        return text.withUTF8 { utf8 in
            let raw = UnsafeRawBufferPointer(utf8)
            let (slot, entry) = find(raw)
            if let entry { return positions[entry] >= 0 ? positions[entry] : nil }
            bytes.append(contentsOf: raw)
            ends.append(bytes.count)
            positions.append(position)
            slots[slot] = Int32(ends.count)
            if ends.count * 2 > slots.count { grow() }
            return nil
        }
    }

    /// Forgets `anchor`: lookups find nothing for it from now on.
    package mutating func remove(_ anchor: Anchor) {
        var text = anchor.value
        if let entry = text.withUTF8({ find(UnsafeRawBufferPointer($0)).entry }) { positions[entry] = -1 }
    }

    package func position(of anchor: Anchor) -> Int? {
        var text = anchor.value
        return text.withUTF8 { position(ofUTF8: UnsafeRawBufferPointer($0)) }
    }

    /// The position of the anchor whose UTF-8 bytes are `utf8`.
    package func position(ofUTF8 utf8: UnsafeRawBufferPointer) -> Int? {
        guard let entry = find(utf8).entry, positions[entry] >= 0 else { return nil }
        return positions[entry]
    }

    /// The slot holding `key`, or the free slot where it would go.
    private func find(_ key: UnsafeRawBufferPointer) -> (slot: Int, entry: Int?) {
        let mask = slots.count - 1
        var hasher = Hasher()
        hasher.combine(bytes: key)
        var slot = hasher.finalize() & mask
        return bytes.withUnsafeBytes { stored in
            while true {
                let occupant = Int(slots[slot])
                if occupant == 0 { return (slot, nil) }
                let entry = occupant - 1
                let start = entry == 0 ? 0 : ends[entry - 1]
                if ends[entry] - start == key.count, key.count == 0 || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0 {
                    return (slot, entry)
                }
                slot = (slot + 1) & mask
            }
        }
    }

    private mutating func grow() {
        var larger = [Int32](repeating: 0, count: slots.count * 2)
        let mask = larger.count - 1
        bytes.withUnsafeBytes { stored in
            for entry in ends.indices {
                let start = entry == 0 ? 0 : ends[entry - 1]
                var hasher = Hasher()
                hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: stored[start..<ends[entry]]))
                var slot = hasher.finalize() & mask
                while larger[slot] != 0 { slot = (slot + 1) & mask }
                larger[slot] = Int32(entry + 1)
            }
        }
        slots = larger
    }
}
