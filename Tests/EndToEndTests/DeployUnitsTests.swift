import Foundation
import Testing

/// The shipped systemd units must be valid for the systemd they will run under.
@Suite struct DeployUnitsTests {
    static let systemdAnalyze = "/usr/bin/systemd-analyze"
    static let units = ["dirbridge.service", "dirbridge.timer", "dirbridge-daemon.service"]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: systemdAnalyze), "systemd-analyze is not installed here"))
    func systemdUnitsVerifyWithoutWarnings() throws {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/systemd")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-units-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // verify insists that ExecStart exists: point it at the binary these tests built.
        for unit in Self.units {
            let text = try String(contentsOf: source.appendingPathComponent(unit), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/dirbridge", with: DirBridgeCommand.executable)
            try Data(text.utf8).write(to: folder.appendingPathComponent(unit))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.systemdAnalyze)
        process.arguments = ["verify"] + Self.units.map { folder.appendingPathComponent($0).path }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        // Unknown keys and bad values are only warnings to systemd: any output is a finding.
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(text)")
    }

    /// The active/standby manifest: two replicas on two hosts sharing the PostgreSQL store, the
    /// password from a Secret and never in the URL, no state volume that would tie a pod to a node.
    @Test func theHAManifestRunsTwoReplicasOnThePostgreSQLStore() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("deploy/kubernetes/deployment-ha.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let documents = text.components(separatedBy: "\n---\n")
        #expect(documents.count == 2)
        #expect(documents.allSatisfy { $0.contains("\napiVersion: ") && $0.contains("\nkind: ") })
        let deployment = try #require(documents.first)
        #expect(deployment.contains("kind: Deployment"))
        #expect(deployment.contains("\n  replicas: 2\n"))
        #expect(deployment.contains("podAntiAffinity:") && deployment.contains("topologyKey: kubernetes.io/hostname"))
        #expect(deployment.contains("args: [\"run\","))
        #expect(deployment.contains("- name: DIRBRIDGE_STORE_PASSWORD\n              valueFrom: { secretKeyRef:"))
        #expect(deployment.contains("password_env: DIRBRIDGE_STORE_PASSWORD"))
        #expect(deployment.contains("url: postgres://dirbridge@"))
        #expect(!deployment.contains("persistentVolumeClaim"), "the state is in PostgreSQL")
        #expect(!deployment.contains("type: Recreate"))
        #expect(documents.last?.contains("kind: PodDisruptionBudget") == true)
    }
}
