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

extension Data {
    fileprivate func append(toFile path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: self)
    }
}
