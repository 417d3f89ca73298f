/// The outcome of mapping + schema validation for one target: the users the target accepts,
/// each with its payload hash, and one rejection per failing field of the others.
///
/// Payloads are not kept. At 100,000 users × several targets they would be most of a run's
/// memory, while a plan needs them only for the users that changed; `payload(at:)` maps that
/// one user again (mapping is pure, so it is the payload that was hashed).
package struct PreparedUsers: Sendable {
    // Two ways of holding the users, as plain stored properties rather than an enum: the diff
    // reads an anchor, a DN or a flag per user and target, and binding an enum's payload
    // retains its arrays on every read.
    /// Accepted user `i` is `directory[indices[i]]`, mapped by `shared.mapper` on demand…
    private let directory: [DirectoryUser]
    private let indices: [Int32]
    /// The same users with their mapper, for the actions planned from them (see `payloadSource(at:)`).
    private let shared: MappedUsers?
    /// …or, when `shared` is nil, `mapped[i]`: small inputs built by hand, where holding
    /// payloads costs nothing.
    private let mapped: [TargetUser]
    /// `payloadHashes[i]` is the hash of `payload(at: i)`.
    package let payloadHashes: PayloadHashList
    package private(set) var rejections: [Rejection]
    /// Lowercased DNs of directory entries held back without an anchor (``UnreadableEntry``):
    /// records stored under these DNs get no action.
    package private(set) var heldBackDNs: Set<String> = []
    /// Enabled users sharing a value the vendor keeps unique: see `rejecting(_:)`.
    package let keyCollisions: [KeyCollision]
    /// The anchors in byte order, positions in `directory` (one order shared by every target of
    /// a read) or, without a directory, in `mapped`.
    private let anchorOrder: AnchorOrder
    /// Accepted index of each directory position, -1 for a rejected user; empty without a directory.
    private let acceptedIndexByPosition: [Int32]

    init(
        directory: [DirectoryUser], anchorOrder: AnchorOrder, acceptedIndices: [Int], mapper: Mapper,
        payloadHashes: PayloadHashList, rejections: [Rejection], keyCollisions: [KeyCollision]
    ) {
        precondition(acceptedIndices.count == payloadHashes.count, "one hash per accepted user")
        precondition(anchorOrder.count == directory.count, "the order of these users' anchors")
        self.directory = directory
        self.anchorOrder = anchorOrder
        var acceptedIndexByPosition = [Int32](repeating: -1, count: directory.count)
        for (index, position) in acceptedIndices.enumerated() { acceptedIndexByPosition[position] = Int32(index) }
        self.acceptedIndexByPosition = acceptedIndexByPosition
        let indices = acceptedIndices.map { Int32($0) }
        self.indices = indices
        shared = MappedUsers(directory: directory, indices: indices, mapper: mapper)
        mapped = []
        self.payloadHashes = payloadHashes
        self.rejections = rejections
        self.keyCollisions = keyCollisions
    }

    /// Users already mapped and validated; their hashes (and the collisions of `uniqueKeys`) are
    /// computed here.
    package init(accepted: [TargetUser], rejections: [Rejection], uniqueKeys: [String] = []) {
        var hashes = PayloadHashList()
        hashes.reserveCapacity(accepted.count)
        var keys = UniqueKeyHashes()
        for (position, user) in accepted.enumerated() {
            hashes.append(hashOfCanonicalJSON: user.payload.canonicalJSONBytes)
            guard user.enabled else { continue }
            for (keyIndex, field) in uniqueKeys.enumerated() {
                guard let text = UniqueKeyHashes.text(of: user.payload[field]) else { continue }
                keys.hashes.append(UniqueKeyHashes.hash(keyIndex: keyIndex, value: text))
                keys.positions.append(position)
            }
        }
        directory = []
        indices = []
        shared = nil
        mapped = accepted
        anchorOrder = AnchorOrder(count: accepted.count) { accepted[$0].anchor }
        acceptedIndexByPosition = []
        payloadHashes = hashes
        self.rejections = rejections
        keyCollisions = keys.candidateGroups.flatMap { group in
            uniqueKeys.compactMap { field -> KeyCollision? in
                let members = group.filter { UniqueKeyHashes.text(of: accepted[$0].payload[field]) != nil }
                let values = Set(members.compactMap { UniqueKeyHashes.text(of: accepted[$0].payload[field])?.lowercased() })
                guard members.count > 1, values.count == 1,
                      let value = UniqueKeyHashes.text(of: accepted[members[0]].payload[field]) else { return nil }
                return KeyCollision(field: field, value: value, members: members)
            }
        }
    }

    /// The same users with more of them rejected: those get no action (and are never taken for
    /// leavers).
    package func rejecting(_ more: [Rejection]) -> PreparedUsers {
        var copy = self
        copy.rejections += more
        return copy
    }

    /// The same users with the directory's unreadable entries held back: rejected by anchor, or
    /// without one by DN.
    package func holdingBack(_ unreadable: [UnreadableEntry]) -> PreparedUsers {
        guard !unreadable.isEmpty else { return self }
        var copy = rejecting(unreadable.map(\.rejection))
        copy.heldBackDNs.formUnion(unreadable.filter { $0.anchor == nil }.map { $0.dn.lowercased() })
        return copy
    }

    private var isMapped: Bool { shared == nil }

    /// Number of accepted users.
    package var count: Int {
        isMapped ? mapped.count : indices.count
    }

    package func anchor(at index: Int) -> Anchor {
        isMapped ? mapped[index].anchor : directory[Int(indices[index])].anchor
    }

    /// Calls `body` with each accepted user's index, in anchor order (equal anchors in the order
    /// read).
    func forEachInAnchorOrder(_ body: (Int) -> Void) {
        for rank in 0..<anchorOrder.count {
            let position = anchorOrder.position(atRank: rank)
            let index = isMapped ? position : Int(acceptedIndexByPosition[position])
            if index >= 0 { body(index) }
        }
    }

    /// The accepted user with `anchor` (its UTF-8), or nil when none or several have it; in
    /// anchor order through `cursor`, a merge (see ``AnchorOrder``).
    package func userIndex(ofAnchor anchor: UnsafeRawBufferPointer, cursor: inout AnchorOrder.Cursor) -> Int? {
        var found: Int?
        var several = false
        anchorOrder.forEachPosition(of: anchor, cursor: &cursor) { position in
            let index = isMapped ? position : Int(acceptedIndexByPosition[position])
            guard index >= 0 else { return }
            several = several || found != nil
            found = index
        }
        return several ? nil : found
    }

    /// The accepted user with `anchor` when he is enabled with DN `dn` (both UTF-8), or nil; in
    /// anchor order through `cursor`, like ``userIndex(ofAnchor:cursor:)``. Read in the order of
    /// the anchors where the anchor order holds the directory's users.
    package func enabledUser(ofAnchor anchor: UnsafeRawBufferPointer, dn: UnsafeRawBufferPointer, cursor: inout AnchorOrder.Cursor) -> Int? {
        if !isMapped, let (position, isEnabledWithDN) = anchorOrder.soleUser(of: anchor, dn: dn, cursor: &cursor) {
            let index = Int(acceptedIndexByPosition[position])
            return index >= 0 && isEnabledWithDN ? index : nil
        }
        guard let index = userIndex(ofAnchor: anchor, cursor: &cursor), isEnabled(at: index) else { return nil }
        var userDN = self.dn(at: index)
        return userDN.withUTF8({ $0.elementsEqual(dn) }) ? index : nil
    }

    /// For each anchor several accepted users share, their indices.
    package var sharedAnchors: [[Int]] {
        anchorOrder.repeated.compactMap { positions in
            let accepted = isMapped ? positions : positions.map { Int(acceptedIndexByPosition[$0]) }.filter { $0 >= 0 }
            return accepted.count > 1 ? accepted : nil
        }
    }

    package func dn(at index: Int) -> String {
        isMapped ? mapped[index].dn : directory[Int(indices[index])].dn
    }

    package func isEnabled(at index: Int) -> Bool {
        isMapped ? mapped[index].enabled : directory[Int(indices[index])].enabled
    }

    package func payload(at index: Int) -> TargetPayload {
        payloadSource(at: index).payload
    }

    /// Where user `index`'s payload comes from: held, or mapped when read.
    func payloadSource(at index: Int) -> SyncAction.PayloadSource {
        guard let shared else { return .held(mapped[index].payload) }
        return .mapped(shared, index)
    }

    package func user(at index: Int) -> TargetUser {
        TargetUser(anchor: anchor(at: index), dn: dn(at: index), enabled: isEnabled(at: index), payload: payload(at: index))
    }

    /// Every accepted user with its payload: for small sets (each payload is mapped again).
    package var accepted: [TargetUser] {
        (0..<count).map(user(at:))
    }
}

extension PreparedUsers: Equatable {
    /// Same accepted users with the same payloads and hashes, same rejections: how the
    /// users are held does not matter.
    package static func == (lhs: PreparedUsers, rhs: PreparedUsers) -> Bool {
        lhs.payloadHashes == rhs.payloadHashes && lhs.rejections == rhs.rejections && lhs.accepted == rhs.accepted
    }
}
