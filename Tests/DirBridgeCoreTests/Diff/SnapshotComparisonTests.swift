import Foundation
import TestSupport
import Testing
@testable import DirBridgeCore

@Suite struct SnapshotComparisonTests {
    typealias F = DiffFixtures

    @Test func keepsOnlyTheRecordsAnActionIsPlannedFor() {
        let everyone = (0..<1_000).map { F.user(String(format: "u%04d", $0)) }
        let snapshot = everyone.map { F.record(for: $0, withPayload: false) }
        // Today: 5 renamed in a field, 3 gone, 2 new.
        var today = Array(everyone.dropLast(3))
        for index in 0..<5 { today[index] = F.user(today[index].anchor.value, name: "Changed") }
        today += [F.user("n1"), F.user("n2")]

        var comparison = SnapshotComparison(users: PreparedUsers(accepted: today, rejections: []), deprovision: .disable)
        for record in snapshot { comparison.add(record) }
        #expect(comparison.keptRecords.count == 8, "5 updates + 3 disables: the unchanged 992 are not held")
        #expect(comparison.managedRecords == 1_000)

        let input = DiffInput(target: F.target, vendor: .sertica, comparison: comparison, policy: SyncPolicy(safety: SafetyPolicy(maxDisablePercent: 100)))
        let plan = DiffEngine.plan(input)
        #expect(plan.count(of: .update) == 5 && plan.count(of: .disable) == 3 && plan.count(of: .create) == 2)
        // Same plan as from the whole snapshot at once, whatever order the records arrive in.
        var shuffled = SnapshotComparison(users: PreparedUsers(accepted: today, rejections: []), deprovision: .disable)
        for record in snapshot.reversed() { shuffled.add(record) }
        #expect(DiffEngine.plan(DiffInput(target: F.target, vendor: .sertica, comparison: shuffled, policy: input.policy)) == plan)
    }

    /// The creates come in anchor order (byte order, the store's), whatever order the directory
    /// handed the users out in: the plan then merges sorted runs instead of sorting a shuffle.
    @Test func createsComeInAnchorOrder() throws {
        var random = SplitMix64(seed: 7)
        let users = (0..<500).map { MappingMemoTests.user($0, &random) }.shuffled(using: &random)
        let prepared = Mapper(mapping: try MappingDecodingTests.decode(MappingMemoTests.mappingJSON)).prepare(users, schema: .requestor)
        var comparison = SnapshotComparison(users: prepared, deprovision: .disable)
        comparison.finish()
        let created = try comparison.decisions.map { Array(prepared.anchor(at: try #require($0.userIndex)).value.utf8) }
        #expect(created.count == (0..<prepared.count).count { prepared.isEnabled(at: $0) })
        #expect(created.elementsEqual(created.sorted { $0.lexicographicallyPrecedes($1) }))
    }

    /// A store judges most rows on their columns (`addIfUnchanged`), reading the users in anchor
    /// order; a directory hands them out in no order. Whatever it judges, adding every row must
    /// plan the same: moved DNs, changed payloads, disabled and rejected users, rows of nobody.
    @Test(arguments: [21, 22, 23])
    func rowsJudgedOnTheirColumnsPlanWhatAddingThemPlans(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let users = (0..<400).map { MappingMemoTests.user($0, &random) }.shuffled(using: &random)
        let prepared = Mapper(mapping: try MappingDecodingTests.decode(MappingMemoTests.mappingJSON)).prepare(users, schema: .requestor)
        var records: [SnapshotRecord] = []
        for index in 0..<prepared.count where random.chance(90) {
            let user = prepared.user(at: index)
            let dn = random.chance(10) ? user.dn + "-moved" : user.dn
            let hash = random.chance(10) ? TargetPayload(["Company": .string("other")]).hash : prepared.payloadHashes.digest(at: index).hex
            let state: RecordState = random.chance(10) ? .disabled : .active
            records.append(SnapshotRecord(
                target: F.target, anchor: user.anchor, dn: dn, vendorId: "v\(index)", payloadHash: hash, payload: nil,
                state: state, createdAt: F.epoch, updatedAt: F.epoch))
        }
        records += (0..<20).map { F.record(for: F.user("gone\($0)"), withPayload: false) }
        // As a store streams them: by the anchor's bytes.
        records.sort { Array($0.anchor.value.utf8).lexicographicallyPrecedes(Array($1.anchor.value.utf8)) }

        var judged = SnapshotComparison(users: prepared, deprovision: .disable)
        var added = judged
        var unchanged = 0
        for record in records {
            added.add(record)
            var (anchor, hash, dn) = (record.anchor.value, record.payloadHash, record.dn)
            let same = anchor.withUTF8 { anchor in
                hash.withUTF8 { hash in
                    dn.withUTF8 { dn in
                        judged.addIfUnchanged(
                            anchor: UnsafeRawBufferPointer(anchor), isActive: record.state == .active,
                            payloadHash: UnsafeRawBufferPointer(hash), dn: UnsafeRawBufferPointer(dn))
                    }
                }
            }
            if same { unchanged += 1 } else { judged.add(record) }
        }
        let policy = SyncPolicy(safety: SafetyPolicy(maxDisablePercent: 100))
        let expected = DiffEngine.plan(DiffInput(target: F.target, vendor: .requestor, comparison: added, policy: policy))
        #expect(DiffEngine.plan(DiffInput(target: F.target, vendor: .requestor, comparison: judged, policy: policy)) == expected)
        #expect(unchanged > records.count / 2, "most rows are judged on their columns")
        #expect(Set(expected.actions.map(\.kind)).isSuperset(of: [.create, .update, .reimport, .disable]))
        #expect(expected.actions.contains { $0.kind == .update && $0.changes.isEmpty }, "a moved DN alone is an update")
    }

    @Test func anchorsSharedByDirectoryEntriesAreRejectedAndNeitherCreatedNorDisabled() {
        let twin = F.user("twin", dn: "uid=one,dc=x")
        let other = F.user("twin", dn: "uid=two,dc=x")
        let record = F.record(for: F.user("twin"))
        let plan = DiffEngine.plan(F.input(users: [twin, other], snapshot: [record]))
        #expect(plan.actions.isEmpty)
        #expect(plan.rejected.map(\.dn).sorted() == ["uid=one,dc=x", "uid=two,dc=x"])
        #expect(plan.rejected.allSatisfy { $0.field == "anchor" })
    }
}
