@testable import DirBridgeCore
import Testing

@testable import SnapshotStore

@Suite("Mapping memo (contract, every store)")
struct MappingMemoStoreTests {
    static let users = ["a", "b", "c"].map {
        DirectoryUser(anchor: Anchor($0), dn: "uid=\($0),dc=x", enabled: true, attributes: ["uid": [$0]], groups: [])
    }

    /// The entry the mapper remembers for user `position` of `users`, mapped to a payload hash of
    /// `hashByte`s with unique-key hashes `keys`.
    static func entry(_ position: Int, hashByte: UInt8, keys: [Int] = []) -> MappingMemoUpdate.Entry {
        var hash = PayloadHashList()
        hash.append(digest: [UInt8](repeating: hashByte, count: 32))
        let memo = MappingMemo(fingerprint: 0, directory: DirectoryDigests(users))
        return MappingMemoUpdate.Entry(
            anchor: users[position].anchor, bytes: memo.entry(forUser: position, hash: hash, at: 0, keys: keys))
    }

    static func recalled(_ store: any SnapshotStore, target: String, fingerprint: Int64) async throws -> (PayloadHashList, [[Int]], MappingMemo) {
        let memo = try await store.recallMappings(
            target: target, into: MappingMemo(fingerprint: fingerprint, directory: DirectoryDigests(users)))
        var hashes = PayloadHashList()
        var keys: [[Int]] = []
        for position in users.indices where memo.remembers(user: position) {
            var userKeys: [Int] = []
            memo.recall(user: position, into: &hashes, keys: &userKeys)
            keys.append(userKeys)
        }
        return (hashes, keys, memo)
    }

    @Test("Entries round-trip per target; removals and other fingerprints go", arguments: StoreKind.allCases)
    func roundTrip(_ kind: StoreKind) async throws {
        let store = try await StoreHarness(kind).store
        try await store.rememberMappings(
            MappingMemoUpdate(
                fingerprint: 7, entries: [Self.entry(0, hashByte: 1, keys: [-5, Int.max]), Self.entry(1, hashByte: 2)],
                removals: [], removesOtherFingerprints: false),
            target: "t1")
        try await store.rememberMappings(
            MappingMemoUpdate(fingerprint: 9, entries: [Self.entry(2, hashByte: 3)], removals: [], removesOtherFingerprints: false),
            target: "t1")

        var (hashes, keys, memo) = try await Self.recalled(store, target: "t1", fingerprint: 7)
        #expect(hashes.count == 2)
        #expect(hashes[0] == String(repeating: "01", count: 32))
        #expect(hashes[1] == String(repeating: "02", count: 32))
        #expect(keys == [[-5, Int.max], []])
        #expect(memo.hasOtherFingerprints, "c's entry was remembered under fingerprint 9")
        #expect(try await Self.recalled(store, target: "t2", fingerprint: 7).0.count == 0, "another target's memo is apart")

        // A's entry replaced, b's removed, entries of other fingerprints dropped.
        try await store.rememberMappings(
            MappingMemoUpdate(fingerprint: 7, entries: [Self.entry(0, hashByte: 4)], removals: [Anchor("b")], removesOtherFingerprints: true),
            target: "t1")
        (hashes, keys, memo) = try await Self.recalled(store, target: "t1", fingerprint: 7)
        #expect(hashes.count == 1 && hashes[0] == String(repeating: "04", count: 32))
        #expect(keys == [[]])
        #expect(!memo.hasOtherFingerprints)
        #expect(try await Self.recalled(store, target: "t1", fingerprint: 9).0.count == 0)
    }
}
