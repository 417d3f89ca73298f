import TestSupport
import Testing
@testable import DirBridgeCore

/// A memo only saves work: preparing with what an earlier run remembered must give exactly what
/// preparing from scratch gives, whatever changed in the directory since.
@Suite struct MappingMemoTests {
    /// Requestor keeps three fields unique, so collisions are exercised too.
    static let mappingJSON = #"""
    {"vendor": "requestor", "fields": {
      "ExternalId": {"template": "{employeeNumber}", "transforms": ["trim"], "required": true},
      "Username": {"template": "{uid}", "transforms": ["lower"], "required": true},
      "Email": {"template": "{uid}@example.org", "transforms": ["lower"]},
      "LastName": {"template": "{givenName} {sn}", "transforms": ["trim"]},
      "Company": {"constant": "ACME"},
      "Department": {"source": "groups", "lookup": {"cn=ops,dc=x": "OPS", "cn=dev,dc=x": "DEV"}, "multiple": "first"}
    }}
    """#

    static func user(_ index: Int, _ random: inout SplitMix64) -> DirectoryUser {
        var attributes: [String: [String]] = ["givenName": ["G\(index)"], "sn": ["S"]]
        if random.chance(95) { attributes["uid"] = ["User\(index % 90)"] }  // some share a login
        if random.chance(97) { attributes["employeeNumber"] = ["\(index)"] }
        let groups = ["cn=ops,dc=x", "cn=dev,dc=x"].filter { _ in random.chance(50) }
        return DirectoryUser(
            anchor: Anchor("a\(index)"), dn: "uid=\(index),dc=x", enabled: random.chance(90), attributes: attributes, groups: groups)
    }

    /// The memo a store would hand back after `update` was written (and nothing else).
    static func recalled(_ update: MappingMemoUpdate?, stored: [Anchor: [UInt8]], for users: [DirectoryUser], fingerprint: Int64)
        -> (MappingMemo, [Anchor: [UInt8]])
    {
        var stored = stored
        for anchor in update?.removals ?? [] { stored[anchor] = nil }
        for entry in update?.entries ?? [] { stored[entry.anchor] = entry.bytes }
        var memo = MappingMemo(fingerprint: fingerprint, directory: DirectoryDigests(users))
        for (anchor, bytes) in stored {
            bytes.withUnsafeBytes { memo.add(anchor: anchor, fingerprint: fingerprint, entry: $0) }
        }
        return (memo, stored)
    }

    @Test(arguments: 1...8)
    func preparingWithTheMemoGivesWhatPreparingFromScratchGives(seed: UInt64) async throws {
        var random = SplitMix64(seed: seed)
        let mapping = try MappingDecodingTests.decode(Self.mappingJSON)
        let mapper = Mapper(mapping: mapping)
        let fingerprint = MappingMemo.fingerprint(of: mapping, revision: "test")
        var users = (0..<300).map { Self.user($0, &random) }
        var stored: [Anchor: [UInt8]] = [:]
        var update: MappingMemoUpdate?
        var recalledUsers = 0
        for round in 0..<4 {
            let (memo, kept) = Self.recalled(update, stored: stored, for: users, fingerprint: fingerprint)
            stored = kept
            let (withMemo, nextUpdate) = await mapper.prepare(users, schema: .requestor, parts: 1, memo: memo)
            let scratch = mapper.prepare(users, schema: .requestor)
            #expect(withMemo == scratch, "round \(round)")
            #expect(withMemo.keyCollisions == scratch.keyCollisions, "round \(round)")
            #expect(!scratch.keyCollisions.isEmpty && !scratch.rejections.isEmpty, "the generator must exercise both")
            let remembered = Set(nextUpdate?.entries.map(\.anchor) ?? [])
            if round > 0 {
                recalledUsers += withMemo.count - remembered.count
                // Users mapped again are exactly those changed, new, or refused last time.
                #expect(remembered.count < users.count / 2, "round \(round)")
            }
            update = nextUpdate

            // Between runs: some users change, some leave, some join.
            for index in users.indices where random.chance(10) {
                users[index].attributes["givenName"] = ["Changed\(round)"]
            }
            for index in users.indices where random.chance(3) {
                users[index].enabled.toggle()
            }
            users.removeAll { _ in random.chance(3) }
            users += (0..<10).map { Self.user(1_000 * (round + 1) + $0, &random) }
        }
        #expect(recalledUsers > 500, "the memo must have been used")
    }

    /// The store keeps entries by anchor: they come in that order (byte order), whatever order the
    /// directory handed its users out in and however many parts mapped them, each still his own.
    @Test func entriesComeInAnchorOrderEachTheUsersOwn() async throws {
        var random = SplitMix64(seed: 11)
        let mapping = try MappingDecodingTests.decode(Self.mappingJSON)
        let mapper = Mapper(mapping: mapping)
        let fingerprint = MappingMemo.fingerprint(of: mapping, revision: "test")
        let users = (0..<2_000).map { Self.user($0, &random) }.shuffled(using: &random)
        let memo = Self.recalled(nil, stored: [:], for: users, fingerprint: fingerprint).0
        let (prepared, update) = await mapper.prepare(users, schema: .requestor, parts: 3, memo: memo)
        let entries = try #require(update?.entries)
        #expect(entries.count == prepared.count, "every accepted user is remembered")
        #expect(entries.map { Array($0.anchor.value.utf8) }.elementsEqual(
            entries.map { Array($0.anchor.value.utf8) }.sorted { $0.lexicographicallyPrecedes($1) }))
        let single = await mapper.prepare(users, schema: .requestor, parts: 1, memo: memo).memo
        let own = Dictionary(uniqueKeysWithValues: (single?.entries ?? []).map { ($0.anchor, $0.bytes) })
        #expect(entries.allSatisfy { own[$0.anchor] == $0.bytes })
    }

    @Test func aChangedUserCollidingWithARememberedUserIsStillFound() async throws {
        let mapping = try MappingDecodingTests.decode(Self.mappingJSON)
        let mapper = Mapper(mapping: mapping)
        let fingerprint = MappingMemo.fingerprint(of: mapping, revision: "test")
        func person(_ index: Int, login: String) -> DirectoryUser {
            DirectoryUser(
                anchor: Anchor("p\(index)"), dn: "uid=p\(index),dc=x", enabled: true,
                attributes: ["uid": [login], "employeeNumber": ["\(index)"], "givenName": ["G"], "sn": ["S"]], groups: [])
        }
        var users = [person(1, login: "ann"), person(2, login: "bob")]
        let (first, update) = await mapper.prepare(users, schema: .requestor, parts: 1, memo: Self.recalled(nil, stored: [:], for: users, fingerprint: fingerprint).0)
        #expect(first.keyCollisions.isEmpty)
        users[1] = person(2, login: "ANN")
        let (memo, _) = Self.recalled(update, stored: [:], for: users, fingerprint: fingerprint)
        let (second, next) = await mapper.prepare(users, schema: .requestor, parts: 1, memo: memo)
        #expect(next?.entries.map(\.anchor) == [Anchor("p2")], "only the changed user is mapped")
        #expect(second.keyCollisions.map(\.field).sorted() == ["Email", "Username"])
        #expect(second.keyCollisions.allSatisfy { $0.members == [0, 1] })
    }

    @Test func entriesOfAnotherMappingAreIgnoredAndRemoved() async throws {
        let mapping = try MappingDecodingTests.decode(Self.mappingJSON)
        let changed = try MappingDecodingTests.decode(Self.mappingJSON.replacingOccurrences(of: #""lower""#, with: #""upper""#))
        let old = MappingMemo.fingerprint(of: mapping, revision: "test")
        let new = MappingMemo.fingerprint(of: changed, revision: "test")
        #expect(old == MappingMemo.fingerprint(of: try MappingDecodingTests.decode(Self.mappingJSON), revision: "test"))
        #expect(old != new)
        #expect(old != MappingMemo.fingerprint(of: mapping, revision: "test-2"), "a new build's way of mapping is another fingerprint")

        var random = SplitMix64(seed: 3)
        let users = (0..<50).map { Self.user($0, &random) }
        let (_, update) = await Mapper(mapping: mapping).prepare(users, schema: .requestor, parts: 1, memo: MappingMemo(fingerprint: old, directory: DirectoryDigests(users)))
        var memo = MappingMemo(fingerprint: new, directory: DirectoryDigests(users))
        for entry in update?.entries ?? [] {
            entry.bytes.withUnsafeBytes { memo.add(anchor: entry.anchor, fingerprint: old, entry: $0) }
        }
        let (prepared, next) = await Mapper(mapping: changed).prepare(users, schema: .requestor, parts: 1, memo: memo)
        #expect(prepared == Mapper(mapping: changed).prepare(users, schema: .requestor))
        #expect(next?.removesOtherFingerprints == true)
        #expect(next?.entries.count == prepared.count, "every accepted user mapped again under the new mapping")
    }

    @Test func anEntryThatDoesNotMatchTheUserIsStaleAndAnUnknownAnchorToo() {
        let users = [DirectoryUser(anchor: Anchor("a"), dn: "uid=a,dc=x", enabled: true, attributes: ["uid": ["a"]], groups: [])]
        var memo = MappingMemo(fingerprint: 1, directory: DirectoryDigests(users))
        let wrong = [UInt8](repeating: 7, count: 64)
        wrong.withUnsafeBytes { memo.add(anchor: Anchor("a"), fingerprint: 1, entry: $0) }
        wrong.withUnsafeBytes { memo.add(anchor: Anchor("gone"), fingerprint: 1, entry: $0) }
        [UInt8](repeating: 0, count: 10).withUnsafeBytes { memo.add(anchor: Anchor("a"), fingerprint: 1, entry: $0) }
        #expect(!memo.remembers(user: 0))
        #expect(memo.stale == [Anchor("a"), Anchor("gone"), Anchor("a")])
    }

    @Test func theDigestCoversEveryPartOfTheUser() {
        let base = DirectoryUser(
            anchor: Anchor("a"), dn: "uid=a,dc=x", enabled: true, attributes: ["uid": ["a"], "mail": ["a@x", "b@x"]], groups: ["cn=g"])
        var variants = [base]
        var user = base; user.anchor = Anchor("b"); variants.append(user)
        user = base; user.dn = "uid=b,dc=x"; variants.append(user)
        user = base; user.enabled = false; variants.append(user)
        user = base; user.attributes["mail"] = ["b@x", "a@x"]; variants.append(user)
        user = base; user.attributes["mail"] = ["a@xb@x"]; variants.append(user)
        user = base; user.attributes["cn"] = []; variants.append(user)
        user = base; user.groups = []; variants.append(user)
        user = base; user.groups = ["cn=g", "cn=h"]; variants.append(user)
        var digests: Set<[UInt8]> = []
        for variant in variants {
            var bytes: [UInt8] = []
            DirectoryDigests([variant]).appendDigest(at: 0, to: &bytes)
            digests.insert(bytes)
        }
        #expect(digests.count == variants.count)
        var again: [UInt8] = []
        DirectoryDigests([base]).appendDigest(at: 0, to: &again)
        #expect(digests.contains(again), "the same user digests alike")
    }

    /// Digested in slices at once and kept in anchor order, each user's digest is still his own.
    @Test func digestsComputedInSlicesAreEachUsersOwn() async {
        var random = SplitMix64(seed: 5)
        let users = (0..<3_000).map { Self.user($0, &random) }.shuffled(using: &random)
        let sliced = await DirectoryDigests(users, parts: 3)
        for position in users.indices {
            var whole: [UInt8] = []
            var inSlices: [UInt8] = []
            DirectoryDigests([users[position]]).appendDigest(at: 0, to: &whole)
            sliced.appendDigest(at: position, to: &inSlices)
            #expect(inSlices == whole, "user \(position)")
        }
    }
}
