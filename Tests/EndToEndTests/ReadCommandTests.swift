import Foundation
import LocalServers
import Testing

/// `dirbridge read` is the first thing an administrator runs: it needs the directory settings
/// only, not targets or mapping files that do not exist yet.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct ReadCommandTests {
    @Test(.demoEnvironment(users: 10))
    func aConfigurationWithOnlyASourceIsEnoughToRead() async throws {
        let environment = try DemoEnvironment.forTest
        let organisation = environment.organisation
        let full = try String(contentsOfFile: try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory),
                              encoding: .utf8)
        let sourceOnly = full.components(separatedBy: "\nstore:").first ?? ""
        let path = environment.directory.appendingPathComponent("source-only.yaml").path
        try Data(sourceOnly.utf8).write(to: URL(fileURLWithPath: path))

        let read = try await DirBridgeCommand.run(["read", "--config", path, "--format", "table"])
        #expect(read.status == 0, "\(read.stderr)")
        #expect(read.stdout.contains("\(organisation.userCount) users"), "\(read.stdout)")
        let sync = try await DirBridgeCommand.run(["sync", "--config", path])
        #expect(sync.status != 0, "a sync still needs its targets")
    }
}
