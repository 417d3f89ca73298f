import Foundation
import Testing

/// The README's first command: the demo must run end to end on a fresh machine.
@Suite(.timeLimit(.minutes(3)))
struct DemoCommandTests {
    @Test func demoShowsEveryKindOfActionAndEndsCleanly() async throws {
        let reports = FileManager.default.temporaryDirectory.appendingPathComponent("dirbridge-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: reports) }
        let result = try await DirBridgeCommand.run([
            "demo", "--users", "40", "--mappings", DirBridgeCommand.mappingsDirectory, "--reports", reports,
        ])
        #expect(result.status == 0, "\(result.stdout)\n\(result.stderr)")
        let output = result.stdout
        #expect(output.components(separatedBy: "status: allApplied (exit 0)").count - 1 == 3, "\(output)")
        for marker in ["+ create", "~ update", "- disable", "↺ reimport", "Title: Senior Engineer → Chief Engineer"] {
            #expect(output.contains(marker), "missing \(marker)")
        }
        for round in 1...3 {
            let html = try String(contentsOfFile: "\(reports)/plan-round-\(round).html", encoding: .utf8)
            #expect(html.contains("</html>"))
        }
        #expect(!output.contains("sertica-test-password") && !result.stderr.contains("sertica-test-password"))
    }
}
