import Foundation
import LocalServers
import Testing

/// `dirbridge plan` against a real slapd and the simulator: what it reports, and that it sends nothing.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct PlanCommandTests {
    @Test(.demoEnvironment(users: 40))
    func firstPlanCreatesEveryEnabledUserAndSendsNothing() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(mappingsDirectory: DirBridgeCommand.mappingsDirectory)

        let result = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let targets = try #require(json["targets"] as? [[String: Any]])
        #expect(targets.map { $0["name"] as? String } == DemoEnvironment.Target.allCases.map(\.rawValue))
        for target in targets {
            let summary = try #require(target["summary"] as? [String: Int])
            // 40 people, one disabled in the directory: 39 to create everywhere, nothing else.
            #expect(summary["create"] == 39, "\(target["name"] ?? "?"): \(summary), rejected: \(target["rejected"] ?? [])")
            #expect(summary["update"] == 0 && summary["disable"] == 0 && summary["rejected"] == 0)
            #expect(target["blocked"] as? Bool == false)
        }
        let state = try await SimulatorState.fetch(from: environment.simulator)
        // A first plan looks the creates up (the match report); it never writes.
        #expect(state.writeCount == 0, "plan must not change anything at a vendor: \(state.json["counters"] ?? [:])")
    }

    @Test(.demoEnvironment(users: 12))
    func syncDryRunIsThePlanWithTheSameLogSettingsAndSendsNothing() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica])

        let result = try await DirBridgeCommand.run(["sync", "--config", config, "--dry-run", "--log-format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("sertica (sertica): 11 create"))
        let logLines = result.stderr.split(separator: "\n").filter { !$0.isEmpty }
        #expect(!logLines.isEmpty)
        #expect(logLines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) is [String: Any] },
                "--log-format json reaches the plan: \(result.stderr.prefix(500))")
        #expect(try await SimulatorState.fetch(from: environment.simulator).writeCount == 0)
    }

    @Test(.demoEnvironment(users: 12))
    func htmlReportGoesToTheFileAndASummaryToStandardOutput() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica])
        let report = environment.directory.appendingPathComponent("plan.html").path

        let result = try await DirBridgeCommand.run(["plan", "--config", config, "--format", "html", "--output", report])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("sertica (sertica): 11 create"))
        #expect(result.stdout.contains("report written to \(report)"))
        let html = try String(contentsOfFile: report, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("Smith") && !html.contains("sertica-test-password"))
    }

    @Test(.demoEnvironment(users: 10))
    func aTypoInTheConfigurationNamesFileLineAndKey() async throws {
        let environment = try DemoEnvironment.forTest
        let config = try environment.writeConfiguration(
            mappingsDirectory: DirBridgeCommand.mappingsDirectory, targets: [.sertica], safety: "max_disable_precent: 5")
        let line = try #require(
            try String(contentsOfFile: config, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.contains("max_disable_precent") }) + 1

        let result = try await DirBridgeCommand.run(["plan", "--config", config])
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(config):\(line)"), "\(result.stderr)")
        #expect(result.stderr.contains("max_disable_precent"))
    }
}
