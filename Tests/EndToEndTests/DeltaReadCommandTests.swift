import Foundation
import LocalServers
import Testing

/// Delta reads through the binary against the demo's slapd (syncprov): after a complete run,
/// `sync` reads only what changed, group changes included; `--full-read`, an edited
/// configuration and `delta_reads: false` read everything and say why.
@Suite(.serialized, .timeLimit(.minutes(5)))
struct DeltaReadCommandTests {
    @Test(.demoEnvironment(users: 20))
    func afterACompleteRunOnlyTheChangesAreReadAndApplied() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica, .requestor])

        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(!first.stderr.contains("read the directory's changes"))

        // A promotion, and a joiner (added to the platform group): a user change and a group change.
        try await environment.slapd.modify(ldif: organisation.titleChange(organisation.people[2], to: "Staff Engineer"))
        try await environment.slapd.add(ldif: organisation.addition(of: organisation.newcomer))
        let second = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stderr.contains("read the directory's changes"), "\(second.stderr)")
        #expect(second.stderr.contains("groups changed since the last complete run"), "\(second.stderr)")
        let sertica = try await SimulatorState.fetch(from: environment.simulator).users(of: "sertica")
        #expect(sertica.contains { $0["Title"] as? String == "Staff Engineer" })
        #expect(sertica.contains { $0["Login"] as? String == organisation.newcomer.uid })
        #expect(sertica.count == 20, "19 enabled people and the joiner, nobody twice")

        let full = try await DirBridgeCommand.run(["sync", "--config", config, "--full-read"])
        #expect(full.status == 0, "\(full.stderr)")
        #expect(full.stderr.contains("reading the whole directory") && full.stderr.contains("a full read was asked for"), "\(full.stderr)")

        try Data("\n# edited\n".utf8).append(toFile: config)
        let edited = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(edited.stderr.contains("the configuration or a mapping changed since the last complete run"), "\(edited.stderr)")
        let quiet = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(quiet.stderr.contains("read the directory's changes"), "\(quiet.stderr)")
        #expect(quiet.stdout.contains("planned 0"), "\(quiet.stdout)")
    }
}

extension DeltaReadCommandTests {
    /// An account's end date passes between two runs: the directory writes nothing when it does, so
    /// no delta can report it; the run after it reads whole, and the person loses access.
    @Test(.demoEnvironment(users: 20))
    func anAccountThatExpiresBetweenRunsLosesAccessThoughTheDirectoryReportsNoChange() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        // OpenLDAP has no end-date attribute every server enforces (none is read by default): the
        // test names one of inetOrgPerson's, holding a GeneralizedTime.
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica], extraSourceSettings: ["account_expiry: carLicense"])
        let leaver = try #require(organisation.people.first { !$0.disabled })
        let endDate = Date().addingTimeInterval(6)
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMddHHmmss'Z'"
        try await environment.slapd.modify(
            ldif: "dn: \(organisation.dn(of: leaver))\nchangetype: modify\nadd: carLicense\ncarLicense: \(formatter.string(from: endDate))\n")
        func access() async throws -> Bool? {
            try await SimulatorState.fetch(from: environment.simulator).users(of: "sertica")
                .first { $0["UserNo"] as? String == "\(1000 + leaver.index)" }?["Access"] as? Bool
        }

        let first = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(first.status == 0, "\(first.stdout)\n\(first.stderr)")
        #expect(try await access() == true, "the end date is still ahead")

        try await Task.sleep(for: .seconds(max(0, endDate.timeIntervalSinceNow) + 1))
        let second = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(second.status == 0, "\(second.stdout)\n\(second.stderr)")
        #expect(second.stderr.contains("an account expired since the last complete run"), "\(second.stderr)")
        #expect(try await access() == false, "the leaver keeps access")

        // No end date is ahead any more: the runs after it go back to reading changes only.
        let third = try await DirBridgeCommand.run(["sync", "--config", config])
        #expect(third.stderr.contains("read the directory's changes"), "\(third.stderr)")
        #expect(third.stdout.contains("planned 0"), "\(third.stdout)")
    }
}

extension Data {
    fileprivate func append(toFile path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: self)
    }
}
