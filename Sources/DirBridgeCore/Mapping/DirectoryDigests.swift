/// A digest of every user of one directory read, and each user's position by anchor: what a
/// `MappingMemo` is checked against. Computed once per read and shared by every target.
///
/// The digest covers everything a mapping can read (anchor, DN, enabled state, every attribute
/// and group), so two users with the same digest map to the same payload under one mapping.
package struct DirectoryDigests: Sendable {
    static let digestSize = 32
    /// The users' anchors in byte order, positions in the read.
    let anchors: AnchorOrder
    /// By rank in anchor order, as a store hands back the memo's entries: read side by side with
    /// them, not at each user's place in the read.
    private let digests: [UInt8]

    /// Number of users.
    var count: Int { digests.count / Self.digestSize }

    package init(_ users: [DirectoryUser]) {
        self.init(users, slices: [Self.digests(of: users, in: users.indices)], sliceSize: max(1, users.count))
    }

    /// The same, the digests computed in `parts` slices at once.
    package init(_ users: [DirectoryUser], parts: Int) async {
        let size = max(1_024, (users.count + max(parts, 1) - 1) / max(parts, 1))
        let slices = await withTaskGroup(of: (Int, [UInt8]).self) { group in
            for start in stride(from: 0, to: users.count, by: size) {
                group.addTask { (start, Self.digests(of: users, in: start..<min(start + size, users.count))) }
            }
            var slices: [(Int, [UInt8])] = []
            for await slice in group { slices.append(slice) }
            return slices.sorted { $0.0 < $1.0 }
        }
        self.init(users, slices: slices.map(\.1), sliceSize: size)
    }

    /// `slices[i]` holds the digests of positions `i * sliceSize ..< (i + 1) * sliceSize`, in read order.
    private init(_ users: [DirectoryUser], slices: [[UInt8]], sliceSize: Int) {
        let anchors = AnchorOrder(users)
        self.anchors = anchors
        var byRank: [UInt8] = []
        byRank.reserveCapacity(users.count * Self.digestSize)
        for rank in 0..<users.count {
            let position = anchors.position(atRank: rank)
            let start = position % sliceSize * Self.digestSize
            byRank.append(contentsOf: slices[position / sliceSize][start..<(start + Self.digestSize)])
        }
        digests = byRank
    }

    private static func digests(of users: [DirectoryUser], in range: Range<Int>) -> [UInt8] {
        var digests: [UInt8] = []
        digests.reserveCapacity(range.count * digestSize)
        var encoded: [UInt8] = []
        // By index, not `for user in`: iterating copies each user (a retain and release of every
        // field), which was a fifth of this loop.
        for index in range {
            encoded.removeAll(keepingCapacity: true)
            encode(users[index], into: &encoded)
            SHA256.appendDigest(of: encoded, to: &digests)
        }
        return digests
    }

    /// Every part of the user, each text length-prefixed so that no two users encode alike;
    /// attributes in name order (a dictionary's order differs between processes).
    private static func encode(_ user: DirectoryUser, into bytes: inout [UInt8]) {
        append(text: user.anchor.value, to: &bytes)
        append(text: user.dn, to: &bytes)
        bytes.append(user.enabled ? 1 : 0)
        user.attributeValues.appendDigestEncoding(to: &bytes)
        append(count: user.groups.count, to: &bytes)
        for group in user.groups { append(text: group, to: &bytes) }
    }

    static func append(count: Int, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: UInt32(truncatingIfNeeded: count).littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func append(text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        append(count: utf8.count, to: &bytes)
        // Native strings are contiguous: their bytes are appended without copying the string.
        if utf8.withContiguousStorageIfAvailable({ bytes.append(contentsOf: $0) }) == nil {
            bytes.append(contentsOf: utf8)
        }
    }

    /// Whether the digest of the user at `rank` in anchor order is the first `digestSize` bytes of `bytes`.
    func digest(atRank rank: Int, isPrefixOf bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= Self.digestSize else { return false }
        return digests.withUnsafeBytes { stored in
            stride(from: 0, to: Self.digestSize, by: 8).allSatisfy { offset in
                stored.loadUnaligned(fromByteOffset: rank * Self.digestSize + offset, as: UInt64.self)
                    == bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            }
        }
    }

    func appendDigest(at position: Int, to output: inout [UInt8]) {
        let start = anchors.rank(ofPosition: position) * Self.digestSize
        output.append(contentsOf: digests[start..<(start + Self.digestSize)])
    }
}
