/// The outcome of mapping + schema validation for one target: the users the target accepts,
/// each with its payload hash, and one rejection per failing field of the others.
///
/// Payloads are not kept. At 100,000 users × several targets they would be most of a run's
/// memory, while a plan needs them only for the users that changed; `payload(at:)` maps that
/// one user again (mapping is pure, so it is the payload that was hashed).
public struct PreparedUsers: Sendable {
    private enum Users: Sendable {
        /// Accepted user `i` is `directory[indices[i]]`, mapped by `mapper` on demand.
        case directory([DirectoryUser], indices: [Int], mapper: Mapper)
        /// Already mapped: small inputs built by hand, where holding payloads costs nothing.
        case mapped([TargetUser])
    }

    private let users: Users
    /// `payloadHashes[i]` is the hash of `payload(at: i)`.
    public let payloadHashes: PayloadHashList
    public let rejections: [Rejection]

    init(directory: [DirectoryUser], acceptedIndices: [Int], mapper: Mapper, payloadHashes: PayloadHashList, rejections: [Rejection]) {
        precondition(acceptedIndices.count == payloadHashes.count, "one hash per accepted user")
        users = .directory(directory, indices: acceptedIndices, mapper: mapper)
        self.payloadHashes = payloadHashes
        self.rejections = rejections
    }

    /// Users already mapped and validated; their hashes are computed here.
    public init(accepted: [TargetUser], rejections: [Rejection]) {
        var hashes = PayloadHashList()
        hashes.reserveCapacity(accepted.count)
        for user in accepted {
            hashes.append(hashOfCanonicalJSON: user.payload.canonicalJSONBytes)
        }
        users = .mapped(accepted)
        payloadHashes = hashes
        self.rejections = rejections
    }

    /// Number of accepted users.
    public var count: Int {
        switch users {
        case .directory(_, let indices, _): indices.count
        case .mapped(let users): users.count
        }
    }

    public func anchor(at index: Int) -> Anchor {
        switch users {
        case .directory(let directory, let indices, _): directory[indices[index]].anchor
        case .mapped(let users): users[index].anchor
        }
    }

    public func dn(at index: Int) -> String {
        switch users {
        case .directory(let directory, let indices, _): directory[indices[index]].dn
        case .mapped(let users): users[index].dn
        }
    }

    public func isEnabled(at index: Int) -> Bool {
        switch users {
        case .directory(let directory, let indices, _): directory[indices[index]].enabled
        case .mapped(let users): users[index].enabled
        }
    }

    public func payload(at index: Int) -> TargetPayload {
        switch users {
        case .directory(let directory, let indices, let mapper): mapper.preparedPayload(of: directory[indices[index]])
        case .mapped(let users): users[index].payload
        }
    }

    public func user(at index: Int) -> TargetUser {
        TargetUser(anchor: anchor(at: index), dn: dn(at: index), enabled: isEnabled(at: index), payload: payload(at: index))
    }

    /// Every accepted user with its payload: for small sets (each payload is mapped again).
    public var accepted: [TargetUser] {
        (0..<count).map(user(at:))
    }
}

extension PreparedUsers: Equatable {
    /// Same accepted users with the same payloads and hashes, same rejections: how the
    /// users are held does not matter.
    public static func == (lhs: PreparedUsers, rhs: PreparedUsers) -> Bool {
        lhs.payloadHashes == rhs.payloadHashes && lhs.rejections == rhs.rejections && lhs.accepted == rhs.accepted
    }
}
