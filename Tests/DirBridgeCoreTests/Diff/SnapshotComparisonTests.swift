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
