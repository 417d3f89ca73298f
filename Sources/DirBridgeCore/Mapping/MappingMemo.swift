import Foundation

/// What earlier runs mapped one target's users to, matched against a directory read: for each
/// anchor, the digest of the user as read then, the hash of the payload he mapped to, and his
/// unique-key hashes. Mapping is pure, so a user whose digest is unchanged maps under the same
/// mapping to the same payload: `Mapper.prepare` takes the remembered hash instead of mapping
/// him again, and a quiet full read maps nobody.
///
/// Only accepted users are remembered (a refused user's reasons are not kept: he is mapped at
/// every run until he is accepted). An entry is one byte string: digest, payload hash, then
/// each unique-key hash as 8 little-endian bytes.
package struct MappingMemo: Sendable {
    /// Identifies the mapping and this build's way of mapping (`MappingMemo.fingerprint`):
    /// entries remembered under another are ignored and removed.
    package let fingerprint: Int64
    let directory: DirectoryDigests
    /// Where user `position`'s remembered payload hash and keys start in `remembered`, or -1.
    private var start: [Int32]
    private var keyCount: [UInt8]
    private var remembered: [UInt8] = []
    /// Entries of anchors no longer read, or of users whose digest changed.
    private(set) var stale: [Anchor] = []
    /// Whether entries of another fingerprint were met.
    private(set) var hasOtherFingerprints = false
    /// Where the entries, arriving in anchor order, are among the directory's anchors.
    private var cursor = AnchorOrder.Cursor()

    package init(fingerprint: Int64, directory: DirectoryDigests) {
        self.fingerprint = fingerprint
        self.directory = directory
        let count = directory.count
        start = [Int32](repeating: -1, count: count)
        keyCount = [UInt8](repeating: 0, count: count)
        // Grown step by step, the buffer would leave its smaller copies behind in the heap.
        remembered.reserveCapacity(count * (DirectoryDigests.digestSize + 8))
    }

    /// Takes one stored entry.
    package mutating func add(anchor: Anchor, fingerprint: Int64, entry: UnsafeRawBufferPointer) {
        var value = anchor.value
        value.withUTF8 { add(anchorUTF8: UnsafeRawBufferPointer($0), fingerprint: fingerprint, entry: entry) }
    }

    /// Takes one stored entry, its anchor as UTF-8; fastest in anchor order (``AnchorOrder``).
    package mutating func add(anchorUTF8 anchor: UnsafeRawBufferPointer, fingerprint: Int64, entry: UnsafeRawBufferPointer) {
        guard fingerprint == self.fingerprint else {
            hasOtherFingerprints = true
            return
        }
        let fixed = 2 * DirectoryDigests.digestSize
        // Of users sharing an anchor (all refused by the diff), the entry is the last one's.
        guard let (rank, position) = directory.anchors.lastMatch(of: anchor, cursor: &cursor), entry.count >= fixed,
              (entry.count - fixed) % 8 == 0, (entry.count - fixed) / 8 <= Int(UInt8.max),
              directory.digest(atRank: rank, isPrefixOf: entry)
        else {
            stale.append(Anchor(String(decoding: anchor, as: UTF8.self)))
            return
        }
        start[position] = Int32(remembered.count)
        keyCount[position] = UInt8((entry.count - fixed) / 8)
        remembered.append(contentsOf: entry[DirectoryDigests.digestSize...])
    }

    /// Whether user `position` has a remembered entry.
    func remembers(user position: Int) -> Bool {
        position < start.count && start[position] >= 0
    }

    /// Appends user `position`'s remembered payload hash to `hashes` and sets `keys` to his
    /// remembered unique-key hashes. Only for a user `remembers`.
    func recall(user position: Int, into hashes: inout PayloadHashList, keys: inout [Int]) {
        let hashStart = Int(start[position])
        let keysStart = hashStart + DirectoryDigests.digestSize
        hashes.append(digest: remembered[hashStart..<keysStart])
        keys.removeAll(keepingCapacity: true)
        for index in 0..<Int(keyCount[position]) {
            var value: UInt64 = 0
            for byte in (0..<8).reversed() { value = value << 8 | UInt64(remembered[keysStart + index * 8 + byte]) }
            keys.append(Int(truncatingIfNeeded: value))
        }
    }

    /// The entry to remember for user `position`, mapped to `hash` with unique-key hashes `keys`.
    func entry(forUser position: Int, hash: PayloadHashList, at hashIndex: Int, keys: [Int]) -> [UInt8] {
        var entry: [UInt8] = []
        entry.reserveCapacity(2 * DirectoryDigests.digestSize + 8 * keys.count)
        directory.appendDigest(at: position, to: &entry)
        hash.appendDigest(at: hashIndex, to: &entry)
        for key in keys {
            withUnsafeBytes(of: UInt64(truncatingIfNeeded: key).littleEndian) { entry.append(contentsOf: $0) }
        }
        return entry
    }
}

/// What a plan changes in a target's `MappingMemo`: entries for the users mapped this time,
/// removal of those of users gone or changed.
package struct MappingMemoUpdate: Sendable, Equatable {
    package struct Entry: Sendable, Equatable {
        package var anchor: Anchor
        package var bytes: [UInt8]
    }

    package var fingerprint: Int64
    package var entries: [Entry]
    /// Anchors whose entry is removed (before `entries` are written).
    package var removals: [Anchor]
    /// Whether every entry of another fingerprint is removed too.
    package var removesOtherFingerprints: Bool

    package var isEmpty: Bool { entries.isEmpty && removals.isEmpty && !removesOtherFingerprints }
}

extension MappingMemo {
    /// Identifies `mapping` as mapped by this build (`revision` names the build's way of mapping,
    /// and the vendor named by the mapping its schema): its encoding, keys sorted, digested.
    package static func fingerprint(of mapping: Mapping, revision: String) -> Int64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // A mapping that cannot be encoded matches no stored entry: its users are all mapped.
        let encoded = (try? encoder.encode(mapping)).map { [UInt8]($0) } ?? Array(UUID().uuidString.utf8)
        var digest: [UInt8] = []
        SHA256.appendDigest(of: Array(revision.utf8) + [0] + encoded, to: &digest)
        return digest.prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }
}
