import Foundation
import LocalServers
import Testing

/// Files holding directory data or state are private whatever the umask dirbridge starts with;
/// the metrics textfile is readable by node_exporter.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct FileModeTests {
    private static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test(.demoEnvironment(users: 10))
    func storeLockReportsArePrivateAndTheMetricsTextfileIsReadable() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica])
        let report = environment.directory.appendingPathComponent("plan.html").path
        let metrics = environment.directory.appendingPathComponent("dirbridge.prom").path

        // A permissive umask, inherited by the child process: dirbridge must not rely on it.
        let previous = umask(0o022)
        defer { umask(previous) }
        let sync = try await DirBridgeCommand.run(["sync", "--config", config, "--metrics-textfile", metrics])
        #expect(sync.status == 0, "\(sync.stdout)\n\(sync.stderr)")
        let plan = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "html", "--output", report])
        #expect(plan.status == 0, "\(plan.stderr)")

        let store = environment.storePath
        for path in [store, store + ".lock", report] {
            let mode = try Self.mode(path)
            #expect(mode == 0o600, "\(path) is \(String(mode, radix: 8))")
        }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: store + suffix) {
            #expect(try Self.mode(store + suffix) == 0o600, "\(store + suffix)")
        }
        #expect(try Self.mode(metrics) == 0o644)
    }
}
